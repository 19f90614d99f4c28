import { ConfigReader } from '@backstage/config';
import { readAuditBackendConfig } from './config';

describe('readAuditBackendConfig', () => {
  it('has defaults that keep a year and pseudonymise nobody', () => {
    expect(readAuditBackendConfig(new ConfigReader({}))).toEqual({
      retention: { days: 365 },
      ingestion: { maxBodyBytes: 1024 * 1024 },
      export: { maxRows: 10_000 },
    });
  });

  it('reads goldpath.audit and the dora plugin’s actor hash key', () => {
    expect(
      readAuditBackendConfig(
        new ConfigReader({
          goldpath: {
            audit: {
              retention: { days: 30 },
              ingestion: { maxBodyBytes: 2048 },
              export: { maxRows: 5 },
            },
            dora: { privacy: { actorHashKey: 'k' } },
          },
        }),
      ),
    ).toEqual({
      retention: { days: 30 },
      ingestion: { maxBodyBytes: 2048 },
      export: { maxRows: 5 },
      actorHashKey: 'k',
    });
  });

  it('refuses to start on values that make no sense, naming the key', () => {
    const read =
      (audit: object, dora: object = {}) =>
      () =>
        readAuditBackendConfig(new ConfigReader({ goldpath: { audit, dora } }));
    expect(read({ retention: { days: 0 } })).toThrow(
      'goldpath.audit.retention.days must be a positive whole number, got 0',
    );
    expect(read({ export: { maxRows: 1.5 } })).toThrow(
      'goldpath.audit.export.maxRows must be a positive whole number',
    );
    expect(read({}, { privacy: { actorHashKey: ' ' } })).toThrow(
      'goldpath.dora.privacy.actorHashKey must not be empty',
    );
  });
});
