import type {
  PolicyExceptionInfo,
  PolicyResourceRef,
  PolicyResult,
  PolicyWaiver,
} from '../types';
import { isViolation } from './counts';

const MAX_KEY_LENGTH = 512;

function part(value: string | undefined): string {
  return encodeURIComponent(value ?? '');
}

/** 64 bits of FNV-1a (two 32-bit lanes), as 16 hex digits; pure, no Node crypto. */
function hash64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return hex(a) + hex(b);
}

/** Code-unit order, independent of locale. */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function target(
  resource: PolicyResourceRef | undefined,
  file?: string,
): string {
  if (resource && (resource.kind || resource.name)) {
    return `${part(resource.kind?.toLowerCase())}/${part(
      resource.namespace,
    )}/${part(resource.name)}`;
  }
  if (resource?.labels && Object.keys(resource.labels).length) {
    const labels = Object.entries(resource.labels)
      .sort(([a], [b]) => compareText(a, b))
      .map(([k, v]) => `${part(k)}=${part(v)}`)
      .join(',');
    return `labels:${labels}`;
  }
  return file ? `file:${part(file)}` : '';
}

/**
 * Stable fingerprint of a finding: source + policy + rule + resource
 * (apiVersion-free, uid-free `kind/namespace/name`, kind in lower case) or
 * file. Each part is percent-encoded and the parts joined with `|`, so the key
 * is readable and no two findings share one; a key longer than 512 characters
 * is cut and ends in a hash of the whole.
 *
 * @public
 */
export function findingKey(
  source: string,
  result: Pick<PolicyResult, 'policy' | 'rule' | 'resource' | 'file'>,
): string {
  const key = [
    part(source),
    part(result.policy),
    part(result.rule),
    target(result.resource, result.file),
  ].join('|');
  if (key.length <= MAX_KEY_LENGTH) return key;
  return `${key.slice(0, MAX_KEY_LENGTH - 17)}~${hash64(key)}`;
}

/**
 * New and resolved findings between two audits, by key. Each key counts once
 * (the first item with it), order is kept.
 *
 * @public
 */
export function diffFindings<T extends { key: string }>(
  previous: readonly T[],
  current: readonly T[],
): { introduced: T[]; resolved: T[] } {
  const before = new Set(previous.map(f => f.key));
  const after = new Set(current.map(f => f.key));
  const pick = (items: readonly T[], other: Set<string>) => {
    const seen = new Set<string>();
    const out: T[] = [];
    for (const item of items) {
      if (other.has(item.key) || seen.has(item.key)) continue;
      seen.add(item.key);
      out.push(item);
    }
    return out;
  };
  return { introduced: pick(current, before), resolved: pick(previous, after) };
}

/**
 * The fields of a waiver that {@link applyWaivers} reads.
 *
 * @public
 */
export type WaiverLike = Pick<
  PolicyWaiver,
  'policy' | 'rule' | 'findingKey' | 'reason' | 'grantedBy' | 'expiresAt'
>;

/**
 * Marks results matched by an active (not expired at `now`) waiver as
 * excepted (exception.kind 'waiver'); an expired waiver does nothing.
 *
 * A waiver matches a result of its `policy`, of its `rule` when it names one,
 * and of its `findingKey` (computed with `options.source`) when it names one.
 * Only open violations are waived: passes, skips and results the report
 * already excepts are returned as they are. A waiver whose `expiresAt` is not
 * a time is not active. When several match, the one that expires last wins.
 * The input is not changed.
 *
 * @public
 */
export function applyWaivers(
  results: readonly PolicyResult[],
  waivers: readonly WaiverLike[],
  options: { source: string; now: Date },
): PolicyResult[] {
  const now = options.now.getTime();
  const active = waivers
    .map(waiver => ({ waiver, expires: Date.parse(waiver.expiresAt) }))
    .filter(({ expires }) => Number.isFinite(expires) && expires > now)
    .sort((a, b) => b.expires - a.expires);
  if (active.length === 0) return results.slice();
  return results.map(result => {
    if (!isViolation(result)) return result;
    let key: string | undefined;
    const match = active.find(({ waiver }) => {
      if (waiver.policy !== result.policy) return false;
      if (
        waiver.rule !== undefined &&
        waiver.rule !== null &&
        waiver.rule !== result.rule
      ) {
        return false;
      }
      if (waiver.findingKey) {
        key ??= findingKey(options.source, result);
        if (waiver.findingKey !== key) return false;
      }
      return true;
    });
    if (!match) return result;
    const exception: PolicyExceptionInfo = {
      kind: 'waiver',
      reason: match.waiver.reason,
      grantedBy: match.waiver.grantedBy,
      expiresAt: new Date(match.expires).toISOString(),
    };
    return { ...result, exception };
  });
}
