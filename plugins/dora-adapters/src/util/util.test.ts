import { MAX_ID_LENGTH, capLength, eventId } from './ids';
import { slugify, lastSegment } from './slug';
import { isoTime } from './time';

describe('isoTime', () => {
  it.each([
    ['2019-05-15T15:20:55Z', '2019-05-15T15:20:55.000Z'],
    ['2012-01-03T23:36:29+02:00', '2012-01-03T21:36:29.000Z'],
    ['2023-03-20T14:27:05.315384Z', '2023-03-20T14:27:05.315Z'],
    ['2013-12-03 17:23:34 UTC', '2013-12-03T17:23:34.000Z'],
    ['2021-04-28 21:50:00 +0200', '2021-04-28T19:50:00.000Z'],
    ['2025-05-02 11:55:16 +0000', '2025-05-02T11:55:16.000Z'],
    ['2016-08-12 15:23:28 -05:30', '2016-08-12T20:53:28.000Z'],
    ['2024-05-01', undefined],
    ['2024-05-01 12:00:00', undefined],
    ['yesterday', undefined],
    [null, undefined],
  ])('reads %j', (value, iso) => {
    expect(isoTime(value)).toBe(iso);
  });

  it('reads epoch seconds and milliseconds', () => {
    expect(isoTime(1557933657, 'seconds')).toBe('2019-05-15T15:20:57.000Z');
    expect(isoTime(1502709956288)).toBe('2017-08-14T11:25:56.288Z');
    expect(isoTime(0)).toBeUndefined();
  });
});

describe('slugify', () => {
  it.each([
    ['Hello-World', 'hello-world'],
    ['Checkout API', 'checkout-api'],
    ['my__app', 'my_app'],
    ['a-.b', 'a-b'],
    ['--Café Crème--', 'cafe-creme'],
    ['🚀', 'unknown'],
    ['x'.repeat(70), 'x'.repeat(63)],
    [`${'a'.repeat(62)}-b`, 'a'.repeat(62)],
  ])('%j → %j', (text, slug) => {
    expect(slugify(text)).toBe(slug);
  });

  it('takes the last path segment', () => {
    expect(lastSegment('acme/platform/checkout')).toBe('checkout');
    expect(lastSegment('/clusterA/namespaceB/')).toBe('namespaceB');
  });
});

describe('eventId', () => {
  it('joins the parts', () => {
    expect(eventId('gitlab', 'pipeline', 31, 'success')).toBe(
      'gitlab:pipeline:31:success',
    );
  });

  it('caps long ids at 256 characters with a hash of the whole', () => {
    const long = eventId('flux', 'x'.repeat(300));
    expect(long).toHaveLength(MAX_ID_LENGTH);
    expect(long).toMatch(/^flux:x+~[0-9a-f]{64}$/);
    expect(eventId('flux', 'x'.repeat(300))).toBe(long);
    expect(eventId('flux', `${'x'.repeat(299)}y`)).not.toBe(long);
    expect(capLength('short')).toBe('short');
  });
});
