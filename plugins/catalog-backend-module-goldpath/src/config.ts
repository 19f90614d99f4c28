import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';

/**
 * The module's configuration (`goldpath.catalog`), parsed once at start.
 */
export interface GoldpathCatalogConfig {
  contracts: {
    /** How often the map of building-block contracts is re-read from the catalog. */
    refreshMillis: number;
  };
  attribution: {
    /** Read scaffold events from the dora plugin. */
    enabled: boolean;
    refreshMillis: number;
  };
  policy: {
    /** Read the policy summary from the policy plugin. */
    enabled: boolean;
    refreshMillis: number;
  };
}

const MIN_MILLIS = 1000;

function readInterval(
  config: Config | undefined,
  key: string,
  fullKey: string,
  fallbackMillis: number,
): number {
  if (!config?.has(key)) return fallbackMillis;
  let millis: number;
  try {
    millis = durationToMilliseconds(readDurationFromConfig(config, { key }));
  } catch (e) {
    throw new Error(
      `${fullKey} must be a duration like 10s, 1m or { minutes: 1 }: ${
        (e as Error).message
      }`,
    );
  }
  if (!Number.isFinite(millis) || millis < MIN_MILLIS) {
    throw new Error(`${fullKey} must be at least 1s, got ${millis}ms`);
  }
  return millis;
}

/**
 * Reads `goldpath.catalog`. Throws an error naming the key for invalid
 * values, so a misconfigured backend refuses to start.
 */
export function readGoldpathCatalogConfig(root: Config): GoldpathCatalogConfig {
  const config = root.getOptionalConfig('goldpath.catalog');
  const section = (name: string) => config?.getOptionalConfig(name);
  const contracts = section('contracts');
  const attribution = section('attribution');
  const policy = section('policy');
  return {
    contracts: {
      refreshMillis: readInterval(
        contracts,
        'refreshInterval',
        'goldpath.catalog.contracts.refreshInterval',
        60_000,
      ),
    },
    attribution: {
      enabled: attribution?.getOptionalBoolean('enabled') ?? true,
      refreshMillis: readInterval(
        attribution,
        'refreshInterval',
        'goldpath.catalog.attribution.refreshInterval',
        60_000,
      ),
    },
    policy: {
      enabled: policy?.getOptionalBoolean('enabled') ?? true,
      refreshMillis: readInterval(
        policy,
        'refreshInterval',
        'goldpath.catalog.policy.refreshInterval',
        10_000,
      ),
    },
  };
}
