import { Config } from '@backstage/config';

/**
 * The audit backend's configuration (`goldpath.audit`, and the dora plugin's
 * pseudonymisation key), parsed once at start.
 */
export interface AuditBackendConfig {
  retention: { days: number };
  ingestion: { maxBodyBytes: number };
  export: { maxRows: number };
  /**
   * The key user actors are pseudonymised with: the dora plugin's
   * `goldpath.dora.privacy.actorHashKey`. Undefined: user refs are stored as
   * they are.
   */
  actorHashKey?: string;
}

function readPositiveInteger(
  config: Config | undefined,
  key: string,
  fallback: number,
): number {
  if (!config?.has(key)) return fallback;
  const value = config.getNumber(key);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(
      `goldpath.audit.${key} must be a positive whole number, got ${value}`,
    );
  }
  return value;
}

/**
 * Reads the audit backend's configuration. Throws an error naming the key
 * for invalid values, so a misconfigured backend refuses to start.
 */
export function readAuditBackendConfig(root: Config): AuditBackendConfig {
  const config = root.getOptionalConfig('goldpath.audit');
  const key = root.getOptionalString('goldpath.dora.privacy.actorHashKey');
  if (key !== undefined && key.trim() === '') {
    throw new Error('goldpath.dora.privacy.actorHashKey must not be empty');
  }
  return {
    retention: { days: readPositiveInteger(config, 'retention.days', 365) },
    ingestion: {
      maxBodyBytes: readPositiveInteger(
        config,
        'ingestion.maxBodyBytes',
        1024 * 1024,
      ),
    },
    export: { maxRows: readPositiveInteger(config, 'export.maxRows', 10_000) },
    ...(key !== undefined ? { actorHashKey: key } : {}),
  };
}
