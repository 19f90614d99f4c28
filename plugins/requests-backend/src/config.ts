import {
  Config,
  ConfigReader,
  readDurationFromConfig,
} from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';

/** The requests backend's configuration (`goldpath.requests`), parsed once at start. */
export interface RequestsBackendConfig {
  allowSelfApproval: boolean;
  fulfilment: {
    maxAttempts: number;
    frequencyMillis: number;
    retryBackoffMillis: number;
    pollIntervalMillis: number;
  };
}

function readDuration(
  config: Config | undefined,
  key: string,
  fallback: string,
): number {
  try {
    const duration =
      config?.has(key) === true
        ? readDurationFromConfig(config, { key })
        : readDurationFromConfig(new ConfigReader({ value: fallback }), {
            key: 'value',
          });
    const millis = durationToMilliseconds(duration);
    if (!Number.isFinite(millis) || millis < 1000)
      throw new Error('at least 1s');
    return millis;
  } catch (e) {
    throw new Error(
      `goldpath.requests.${key} must be a duration of at least 1s like ${fallback}: ${
        (e as Error).message
      }`,
    );
  }
}

/** Reads `goldpath.requests`; bad values fail the start with the key named. */
export function readRequestsBackendConfig(root: Config): RequestsBackendConfig {
  const config = root.getOptionalConfig('goldpath.requests');
  const fulfilment = config?.getOptionalConfig('fulfilment');
  const maxAttempts = fulfilment?.getOptionalNumber('maxAttempts') ?? 5;
  if (
    !Number.isSafeInteger(maxAttempts) ||
    maxAttempts < 1 ||
    maxAttempts > 100
  ) {
    throw new Error(
      `goldpath.requests.fulfilment.maxAttempts must be a whole number from 1 to 100, got ${maxAttempts}`,
    );
  }
  return {
    allowSelfApproval:
      config?.getOptionalBoolean('approval.allowSelfApproval') ?? false,
    fulfilment: {
      maxAttempts,
      frequencyMillis: readDuration(fulfilment, 'frequency', '30s'),
      retryBackoffMillis: readDuration(fulfilment, 'retryBackoff', '1m'),
      pollIntervalMillis: readDuration(fulfilment, 'pollInterval', '30s'),
    },
  };
}
