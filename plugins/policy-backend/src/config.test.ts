import { ConfigReader } from '@backstage/config';
import { readPolicyBackendConfig } from './config';

const read = (policy: object) =>
  readPolicyBackendConfig(new ConfigReader({ goldpath: { policy } }));

const DAY = 86_400_000;

describe('readPolicyBackendConfig', () => {
  it('has the documented defaults', () => {
    expect(readPolicyBackendConfig(new ConfigReader({}))).toEqual({
      ingestion: { maxBodyBytes: 10 * 1024 * 1024, maxResults: 50_000 },
      waivers: { maxDurationMillis: 90 * DAY },
      retention: { snapshotsMillis: 90 * DAY, unmappedMillis: 30 * DAY },
      catalog: { refreshMillis: 60_000 },
    });
  });

  it('reads every key, durations as text, ISO 8601 or objects', () => {
    expect(
      read({
        ingestion: { maxBodyBytes: 1024, maxResults: 10 },
        waivers: { maxDuration: '30d' },
        retention: { snapshots: 'P180D', unmapped: { days: 7 } },
        catalog: { refreshInterval: '10s' },
      }),
    ).toEqual({
      ingestion: { maxBodyBytes: 1024, maxResults: 10 },
      waivers: { maxDurationMillis: 30 * DAY },
      retention: { snapshotsMillis: 180 * DAY, unmappedMillis: 7 * DAY },
      catalog: { refreshMillis: 10_000 },
    });
  });

  it.each([
    [
      { ingestion: { maxBodyBytes: 0 } },
      'goldpath.policy.ingestion.maxBodyBytes',
    ],
    [{ ingestion: { maxBodyBytes: 1.5 } }, 'ingestion.maxBodyBytes'],
    [{ ingestion: { maxResults: -1 } }, 'goldpath.policy.ingestion.maxResults'],
    [{ ingestion: { maxResults: 'many' } }, 'ingestion.maxResults'],
    [
      { waivers: { maxDuration: 'forever' } },
      'goldpath.policy.waivers.maxDuration',
    ],
    [{ waivers: { maxDuration: '5m' } }, 'at least an hour'],
    [{ retention: { snapshots: '1h' } }, 'goldpath.policy.retention.snapshots'],
    [{ retention: { unmapped: 'soon' } }, 'goldpath.policy.retention.unmapped'],
    [{ catalog: { refreshInterval: '10ms' } }, 'catalog.refreshInterval'],
  ])('refuses %j naming %s', (policy, key) => {
    expect(() => read(policy)).toThrow(key);
  });
});
