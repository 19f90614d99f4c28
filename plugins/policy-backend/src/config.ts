import {
  Config,
  ConfigReader,
  readDurationFromConfig,
} from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';

const DAY_MS = 86_400_000;

/**
 * The policy backend's configuration (`goldpath.policy`), parsed once at
 * start.
 */
export interface PolicyBackendConfig {
  ingestion: { maxBodyBytes: number; maxResults: number };
  waivers: { maxDurationMillis: number };
  retention: { snapshotsMillis: number; unmappedMillis: number };
  catalog: { refreshMillis: number };
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
      `goldpath.policy.${key} must be a positive whole number, got ${value}`,
    );
  }
  return value;
}

function readDuration(
  config: Config | undefined,
  key: string,
  fallback: string,
  minimumMillis: number,
  minimumText: string,
): number {
  let millis: number;
  try {
    // The default goes through the same parser as a configured value.
    const duration =
      config?.has(key) === true
        ? readDurationFromConfig(config, { key })
        : readDurationFromConfig(new ConfigReader({ value: fallback }), {
            key: 'value',
          });
    millis = durationToMilliseconds(duration);
  } catch (e) {
    throw new Error(
      `goldpath.policy.${key} must be a duration like ${fallback}: ${
        (e as Error).message
      }`,
    );
  }
  if (!Number.isFinite(millis) || millis < minimumMillis) {
    throw new Error(
      `goldpath.policy.${key} must be at least ${minimumText}, got ${millis} ms`,
    );
  }
  return millis;
}

/**
 * Reads `goldpath.policy` from app-config. Throws an error naming the key for
 * invalid values, so a misconfigured backend refuses to start.
 */
export function readPolicyBackendConfig(root: Config): PolicyBackendConfig {
  const config = root.getOptionalConfig('goldpath.policy');
  return {
    ingestion: {
      maxBodyBytes: readPositiveInteger(
        config,
        'ingestion.maxBodyBytes',
        10 * 1024 * 1024,
      ),
      maxResults: readPositiveInteger(config, 'ingestion.maxResults', 50_000),
    },
    waivers: {
      maxDurationMillis: readDuration(
        config,
        'waivers.maxDuration',
        '90d',
        3_600_000,
        'an hour',
      ),
    },
    retention: {
      snapshotsMillis: readDuration(
        config,
        'retention.snapshots',
        '90d',
        DAY_MS,
        'a day',
      ),
      unmappedMillis: readDuration(
        config,
        'retention.unmapped',
        '30d',
        DAY_MS,
        'a day',
      ),
    },
    catalog: {
      refreshMillis: readDuration(
        config,
        'catalog.refreshInterval',
        '1m',
        1000,
        'a second',
      ),
    },
  };
}
