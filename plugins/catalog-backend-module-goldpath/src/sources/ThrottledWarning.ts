import { LoggerService } from '@backstage/backend-plugin-api';

/**
 * Logs a recurring failure (a plugin that can't be reached) at most once per
 * interval, with the error's message only: no request, header or token.
 */
export class ThrottledWarning {
  static create(options: {
    logger: LoggerService;
    intervalMillis?: number;
    now?: () => number;
  }): ThrottledWarning {
    return new ThrottledWarning(
      options.logger,
      options.intervalMillis ?? 60_000,
      options.now ?? Date.now,
    );
  }

  private lastAt?: number;
  private suppressed = 0;

  private constructor(
    private readonly logger: LoggerService,
    private readonly intervalMillis: number,
    private readonly now: () => number,
  ) {}

  warn(message: string, error: unknown): void {
    const at = this.now();
    if (this.lastAt !== undefined && at - this.lastAt < this.intervalMillis) {
      this.suppressed += 1;
      return;
    }
    const reason = error instanceof Error ? error.message : String(error);
    const repeats = this.suppressed
      ? ` (${this.suppressed} more failures since the last warning)`
      : '';
    this.logger.warn(`${message}: ${reason.slice(0, 500)}${repeats}`);
    this.lastAt = at;
    this.suppressed = 0;
  }
}
