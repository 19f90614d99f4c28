import { createHmac } from 'node:crypto';
import { hmacSha256Hex, pseudonymizeActor, sha256 } from './pseudonym';

/** The dora backend's rule, written with Node's crypto, to compare against. */
function doraRule(key: string, actor: string) {
  return `anon:${createHmac('sha256', key)
    .update(actor.trim().toLowerCase())
    .digest('hex')
    .slice(0, 32)}`;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('sha256 and HMAC', () => {
  it('match the FIPS 180-4 and RFC 4231 vectors', () => {
    expect(hex(sha256(new TextEncoder().encode('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(hex(sha256(new Uint8Array(0)))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    // RFC 4231 test case 2
    expect(hmacSha256Hex('Jefe', 'what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('equal Node’s crypto across block boundaries, long keys and non-ASCII text', () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 200]) {
      const text = 'ä'.repeat(length);
      expect(hex(sha256(new TextEncoder().encode(text)))).toBe(
        require('node:crypto').createHash('sha256').update(text).digest('hex'),
      );
      const key = 'k'.repeat(length);
      expect(hmacSha256Hex(key, text)).toBe(
        createHmac('sha256', key).update(text).digest('hex'),
      );
    }
  });
});

describe('pseudonymizeActor', () => {
  it('follows the dora plugin’s rule: one stable pseudonym per actor and key', () => {
    const a = pseudonymizeActor('k1', 'user:default/Jane.Doe');
    expect(a).toBe(doraRule('k1', 'user:default/Jane.Doe'));
    expect(a).toMatch(/^anon:[0-9a-f]{32}$/);
    expect(pseudonymizeActor('k1', ' user:default/jane.doe ')).toBe(a);
    expect(pseudonymizeActor('k2', 'user:default/jane.doe')).not.toBe(a);
    expect(pseudonymizeActor('k1', 'user:default/john')).not.toBe(a);
  });

  it('passes real pseudonyms through, and only those', () => {
    const a = pseudonymizeActor('k1', 'jane');
    expect(pseudonymizeActor('k1', a)).toBe(a);
    expect(pseudonymizeActor('k1', 'anon:jane')).toBe(
      doraRule('k1', 'anon:jane'),
    );
  });
});
