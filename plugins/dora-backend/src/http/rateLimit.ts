import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { CustomErrorBase } from '@backstage/errors';
import { NextFunction, Request, Response } from 'express';

/** Too many requests from one principal: 429 with `Retry-After`. */
export class TooManyRequestsError extends CustomErrorBase {
  readonly statusCode = 429;
}

export interface RateLimitOptions {
  /** Requests one principal may make per minute, sustained. */
  requestsPerMinute: number;
  /** Requests one principal may make at once (bucket size). */
  burst: number;
  /** Default `Date.now`. */
  clock?: () => number;
  /** Buckets kept at most; the longest-idle are dropped first. Default 10,000. */
  maxKeys?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per key, in the memory of this process: with several
 * replicas each enforces the limit on its own, so a principal may reach the
 * limit once per replica.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly clock: () => number;
  private readonly maxKeys: number;

  constructor(private readonly options: RateLimitOptions) {
    this.perMs = options.requestsPerMinute / 60_000;
    this.clock = options.clock ?? Date.now;
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /**
   * Takes one token of the key's bucket. Returns 0 when granted, else the
   * whole seconds until the next token.
   */
  take(key: string): number {
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? {
      tokens: this.options.burst,
      at: now,
    };
    bucket.tokens = Math.min(
      this.options.burst,
      bucket.tokens + Math.max(0, now - bucket.at) * this.perMs,
    );
    bucket.at = now;
    // Re-inserted: the map's order is the order of last use.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) {
      this.buckets.delete(this.buckets.keys().next().value!);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000));
  }

  /** Takes a token or throws a 429, setting `Retry-After` on the response. */
  check(key: string, res: Response) {
    const retryAfter = this.take(key);
    if (retryAfter > 0) {
      res.setHeader('Retry-After', String(retryAfter));
      throw new TooManyRequestsError(
        `Rate limit of ${this.options.requestsPerMinute} requests per minute exceeded; retry after ${retryAfter}s`,
      );
    }
  }
}

/**
 * The key a principal's requests are counted under: the service's subject
 * (`external:<subject>` of an external-access token, `plugin:<id>`) or the
 * user's entity ref. Never a token.
 */
export function principalKey(
  auth: Pick<AuthService, 'isPrincipal'>,
  credentials: BackstageCredentials,
): string {
  if (auth.isPrincipal(credentials, 'service')) {
    return `service:${credentials.principal.subject}`;
  }
  if (auth.isPrincipal(credentials, 'user')) {
    return `user:${credentials.principal.userEntityRef}`;
  }
  return 'none';
}

/**
 * Express middleware counting each request under `keyOf(req)` (webhooks: one
 * bucket per source). Without a limiter, every request passes.
 */
export function rateLimitBy(
  limiter: RateLimiter | undefined,
  keyOf: (req: Request) => string,
) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!limiter) {
      next();
      return;
    }
    try {
      limiter.check(keyOf(req), res);
      next();
    } catch (e) {
      next(e);
    }
  };
}
