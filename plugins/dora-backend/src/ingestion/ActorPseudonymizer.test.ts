import { ActorPseudonymizer } from './ActorPseudonymizer';

describe('ActorPseudonymizer', () => {
  it('gives each actor one stable pseudonym under one key', () => {
    const p = ActorPseudonymizer.create({ key: 'k1' });
    const a = p.pseudonymize('Jane.Doe@example.com');
    expect(a).toMatch(/^anon:[0-9a-f]{32}$/);
    expect(p.pseudonymize(' jane.doe@example.com ')).toBe(a);
    expect(p.pseudonymize('john@example.com')).not.toBe(a);
    expect(
      ActorPseudonymizer.create({ key: 'k2' }).pseudonymize(
        'jane.doe@example.com',
      ),
    ).not.toBe(a);
  });

  it('passes on real pseudonyms only', () => {
    const p = ActorPseudonymizer.create({ key: 'k1' });
    const pseudonym = p.pseudonymize('jane')!;
    expect(p.pseudonymize(pseudonym)).toBe(pseudonym);
    const disguised = p.pseudonymize('anon:jane.doe@example.com');
    expect(disguised).toMatch(/^anon:[0-9a-f]{32}$/);
    expect(disguised).not.toContain('jane');
  });

  it('drops actors without a key', () => {
    const p = ActorPseudonymizer.create({});
    expect(p.enabled).toBe(false);
    expect(p.pseudonymize('jane')).toBeUndefined();
  });

  it('gives the pseudonyms the audit plugin gives (one person, one pseudonym)', () => {
    // The same table is asserted by the audit backend's pseudonymizeActor
    // (plugins/audit-backend/src/service/pseudonym.test.ts).
    const table: Array<[string, string, string]> = [
      ['k1', 'user:default/jane.doe', 'anon:07d6cc84f7724aff16c0337872ee6dc7'],
      [
        'k1',
        ' User:Default/Jane.Doe ',
        'anon:07d6cc84f7724aff16c0337872ee6dc7',
      ],
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
    for (const [key, actor, pseudonym] of table) {
      expect(ActorPseudonymizer.create({ key }).pseudonymize(actor)).toBe(
        pseudonym,
      );
    }
  });
});
