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
});
