import { Entity } from '@backstage/catalog-model';
import {
  CatalogProcessorCache,
  CatalogProcessorResult,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import { JsonObject, JsonValue } from '@backstage/types';

/**
 * A processor cache with the catalog's semantics: `get` sees what the
 * previous run stored, `set` writes for the next run, and a run that sets
 * nothing keeps the previous state (ProcessorCacheManager).
 */
export class TestProcessorCache implements CatalogProcessorCache {
  private previous: Record<string, JsonValue> = {};
  private current?: Record<string, JsonValue>;

  async get<T extends JsonValue>(key: string): Promise<T | undefined> {
    return this.previous[key] as T | undefined;
  }

  async set<T extends JsonValue>(key: string, value: T): Promise<void> {
    this.current = { ...(this.current ?? {}), [key]: value };
  }

  /** Ends a processing run: what it stored becomes visible to the next. */
  nextRun(): this {
    if (this.current) this.previous = this.current;
    this.current = undefined;
    return this;
  }

  stored(): Record<string, JsonValue> {
    return this.previous;
  }
}

export const FILE_LOCATION: LocationSpec = {
  type: 'file',
  target: '/catalog/catalog-info.yaml',
};

export const URL_LOCATION: LocationSpec = {
  type: 'url',
  target: 'https://github.com/acme/vpc/blob/main/catalog-info.yaml',
};

export function entity(
  kind: string,
  name: string,
  options: {
    annotations?: Record<string, string>;
    spec?: Record<string, unknown>;
    namespace?: string;
  } = {},
): Entity {
  return {
    apiVersion:
      kind === 'Template'
        ? 'scaffolder.backstage.io/v1beta3'
        : 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      ...(options.namespace && { namespace: options.namespace }),
      annotations: options.annotations ?? {},
    },
    spec: (options.spec ?? {
      type: 'service',
      owner: 'team-a',
      lifecycle: 'production',
    }) as JsonObject,
  };
}

/** Collects what a processor emits. */
export function collector() {
  const emit = jest.fn<void, [CatalogProcessorResult]>();
  return {
    emit,
    results: () => emit.mock.calls.map(([r]) => r),
    ofType: <T extends CatalogProcessorResult['type']>(type: T) =>
      emit.mock.calls
        .map(([r]) => r)
        .filter(
          (r): r is Extract<CatalogProcessorResult, { type: T }> =>
            r.type === type,
        ),
    errors: () =>
      emit.mock.calls
        .map(([r]) => r)
        .filter(r => r.type === 'error')
        .map(r => {
          const e = (r as Extract<CatalogProcessorResult, { type: 'error' }>)
            .error;
          return { name: e.name, message: e.message };
        }),
  };
}
