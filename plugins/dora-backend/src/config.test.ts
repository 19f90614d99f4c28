import { ConfigReader } from '@backstage/config';
import { readDoraBackendConfig } from './config';

const read = (dora: object) =>
  readDoraBackendConfig(new ConfigReader({ goldpath: { dora } }));

describe('readDoraBackendConfig', () => {
  it('has the documented defaults', () => {
    const config = readDoraBackendConfig(new ConfigReader({}));
    expect(config.engine.windowDays).toBe(90);
    expect(config.ingestion).toEqual({
      maxBodyBytes: 5 * 1024 * 1024,
      maxEvents: 5000,
      maxFutureMillis: 3_600_000,
    });
    expect(config.privacy.actorHashKey).toBeUndefined();
  });

  it('reads windows, sizes, thresholds and engine options', () => {
    const config = read({
      window: '12w',
      benchmark: 'dora-2023-rework',
      attribution: 'inclusive',
      thresholds: {
        changeLeadTime: { elite: '4h' },
        changeFailRate: { high: 0.2 },
        deploymentFrequency: { eliteDaysPerWeek: 4 },
      },
      ingestion: { maxBodySize: '500kb', maxEvents: 10, maxFutureSkew: '5m' },
      privacy: { actorHashKey: 'k' },
    });
    expect(config.engine).toMatchObject({
      windowDays: 84,
      benchmark: 'dora-2023-rework',
      attribution: 'inclusive',
      thresholds: {
        changeLeadTime: { elite: 14_400 },
        changeFailRate: { high: 0.2 },
        deploymentFrequency: { eliteDaysPerWeek: 4 },
      },
    });
    expect(config.ingestion).toEqual({
      maxBodyBytes: 500 * 1024,
      maxEvents: 10,
      maxFutureMillis: 300_000,
    });
    expect(config.privacy.actorHashKey).toBe('k');
  });

  it.each([
    [{ window: '36h' }, 'goldpath.dora.window'],
    [{ benchmark: 'dora-1999' }, 'Unknown benchmark set'],
    [{ productionPattern: '(' }, 'productionPattern'],
    [{ attribution: 'sometimes' }, 'attribution'],
    [{ thresholds: { changeFailRate: { elite: 5 } } }, 'changeFailRate.elite'],
    [
      { thresholds: { changeLeadTime: { elite: 'soon' } } },
      'changeLeadTime.elite',
    ],
    [{ ingestion: { maxBodySize: 'huge' } }, 'maxBodySize'],
    [{ ingestion: { maxEvents: 0 } }, 'maxEvents'],
    [{ ingestion: { maxFutureSkew: 'a bit' } }, 'maxFutureSkew'],
  ])('refuses %j naming %s', (dora, key) => {
    expect(() => read(dora)).toThrow(key);
  });
});
