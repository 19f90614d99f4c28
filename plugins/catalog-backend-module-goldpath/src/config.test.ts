import { ConfigReader } from '@backstage/config';
import { readGoldpathCatalogConfig } from './config';

const read = (catalog: object) =>
  readGoldpathCatalogConfig(new ConfigReader({ goldpath: { catalog } }));

describe('readGoldpathCatalogConfig', () => {
  it('has the documented defaults', () => {
    expect(readGoldpathCatalogConfig(new ConfigReader({}))).toEqual({
      contracts: { refreshMillis: 60_000 },
      attribution: { enabled: true, refreshMillis: 60_000 },
      policy: { enabled: true, refreshMillis: 10_000 },
    });
  });

  it('reads intervals as strings or duration objects, and the switches', () => {
    expect(
      read({
        contracts: { refreshInterval: '30s' },
        attribution: { enabled: false, refreshInterval: { minutes: 5 } },
        policy: { enabled: false, refreshInterval: 'PT2S' },
      }),
    ).toEqual({
      contracts: { refreshMillis: 30_000 },
      attribution: { enabled: false, refreshMillis: 300_000 },
      policy: { enabled: false, refreshMillis: 2_000 },
    });
  });

  it.each([
    [
      { policy: { refreshInterval: 'often' } },
      /^goldpath\.catalog\.policy\.refreshInterval must be a duration like 10s, 1m or \{ minutes: 1 \}/,
    ],
    [
      { contracts: { refreshInterval: { milliseconds: 10 } } },
      /^goldpath\.catalog\.contracts\.refreshInterval must be at least 1s, got 10ms$/,
    ],
    [
      { attribution: { refreshInterval: 5 } },
      /^goldpath\.catalog\.attribution\.refreshInterval must be a duration/,
    ],
    [{ policy: { enabled: 'maybe' } }, /policy\.enabled/],
  ])('refuses %j', (catalog, message) => {
    expect(() => read(catalog)).toThrow(message);
  });
});
