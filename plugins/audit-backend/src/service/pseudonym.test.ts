import { pseudonymizeActor } from './pseudonym';

/**
 * Pseudonyms of the dora plugin's `ActorPseudonymizer` for the same key and
 * actor. Its test (`plugins/dora-backend/src/ingestion/ActorPseudonymizer.test.ts`)
 * asserts the same table: both plugins give one person one pseudonym.
 */
const DORA_PSEUDONYMS: Array<[key: string, actor: string, pseudonym: string]> =
  [
    ['k1', 'user:default/jane.doe', 'anon:07d6cc84f7724aff16c0337872ee6dc7'],
    ['k1', ' User:Default/Jane.Doe ', 'anon:07d6cc84f7724aff16c0337872ee6dc7'],
    ['k2', 'user:default/jane.doe', 'anon:08840bc86205076b1cf04958cd3a0214'],
    [
      'a much longer key than the sixty-four bytes of one SHA-256 block, to cover hashing the key',
      'user:default/jörg',
      'anon:bef914ed50719458fe9a9c3428ece213',
    ],
    [
      'k1',
      'anon:jane.doe@example.com',
      'anon:5dfbe6a2303a5bfb28d89529669a081d',
    ],
  ];

describe('pseudonymizeActor', () => {
  it.each(DORA_PSEUDONYMS)(
    'gives the dora plugin’s pseudonym under key %j for %j',
    (key, actor, pseudonym) => {
      expect(pseudonymizeActor(key, actor)).toBe(pseudonym);
    },
  );

  it('passes a pseudonym through, and only a real one', () => {
    const pseudonym = pseudonymizeActor('k1', 'user:default/jane.doe');
    expect(pseudonymizeActor('k1', pseudonym)).toBe(pseudonym);
    expect(pseudonymizeActor('k2', pseudonym)).toBe(pseudonym);
    const disguised = pseudonymizeActor('k1', 'anon:jane');
    expect(disguised).toMatch(/^anon:[0-9a-f]{32}$/);
    expect(disguised).not.toContain('jane');
  });
});
