import { ACTOR_PSEUDONYM_PATTERN } from '@goldpath/plugin-audit-common';
import { createHmac } from 'node:crypto';

/**
 * The pseudonym of an actor under a key, by the dora plugin's rule (its
 * `ActorPseudonymizer`, same key `goldpath.dora.privacy.actorHashKey`):
 * `anon:` and the first 32 hex digits of HMAC-SHA256(key, trimmed
 * lower-case actor). The same person keeps one pseudonym across both
 * plugins; the name cannot be recovered without the key. A pseudonym passes
 * through unchanged (already pseudonymised upstream).
 */
export function pseudonymizeActor(key: string, actor: string): string {
  if (ACTOR_PSEUDONYM_PATTERN.test(actor)) {
    return actor;
  }
  const digest = createHmac('sha256', key)
    .update(actor.trim().toLowerCase())
    .digest('hex');
  return `anon:${digest.slice(0, 32)}`;
}
