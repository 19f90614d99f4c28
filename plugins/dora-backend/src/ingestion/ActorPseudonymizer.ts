import { createHmac } from 'node:crypto';

const PSEUDONYM = /^anon:[0-9a-f]{32}$/;

/**
 * Replaces actor identities with a keyed hash (HMAC-SHA256), so the same
 * person gets the same pseudonym (repeat use can be counted) but the name
 * cannot be recovered without the key. Without a key, actors are dropped.
 */
export class ActorPseudonymizer {
  static create(options: { key?: string }): ActorPseudonymizer {
    return new ActorPseudonymizer(options.key);
  }

  private constructor(private readonly key: string | undefined) {}

  get enabled(): boolean {
    return this.key !== undefined;
  }

  /** The pseudonym of an actor (`anon:` + 32 hex), or undefined without a key. */
  pseudonymize(actor: string): string | undefined {
    if (!this.key) {
      return undefined;
    }
    if (PSEUDONYM.test(actor)) {
      return actor; // already pseudonymised upstream with the same scheme
    }
    const digest = createHmac('sha256', this.key)
      .update(actor.trim().toLowerCase())
      .digest('hex');
    return `anon:${digest.slice(0, 32)}`;
  }
}
