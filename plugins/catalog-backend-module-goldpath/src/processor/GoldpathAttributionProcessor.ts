import {
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorCache,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  ATTRIBUTION_AT_ANNOTATION,
  ATTRIBUTION_SOURCE_ANNOTATION,
  ATTRIBUTION_TEMPLATE_ANNOTATION,
  ATTRIBUTION_VERSION_ANNOTATION,
  RELATION_SCAFFOLDED_FROM,
  RELATION_SCAFFOLDER_OF,
  SCAFFOLDED_FROM_ANNOTATION,
  SOURCE_TEMPLATE_ANNOTATION,
  attributionAnnotations,
  resolveAttribution,
} from '@goldpath/plugin-catalog-common';
import { attributionRefreshKey } from '../refreshKeys';
import { ScaffoldEvent, ScaffoldEvents } from '../sources/ScaffoldEventIndex';
import { withComputedAnnotations } from './computedAnnotations';

/** Kinds the scaffolder creates; other kinds only with the annotations. */
const KINDS = new Set(['component', 'resource', 'system', 'api']);

const COMPUTED = [
  ATTRIBUTION_TEMPLATE_ANNOTATION,
  ATTRIBUTION_VERSION_ANNOTATION,
  ATTRIBUTION_AT_ANNOTATION,
  ATTRIBUTION_SOURCE_ANNOTATION,
] as const;

const EVENT_CACHE_KEY = 'scaffold-event';

/**
 * `GoldpathAttributionProcessor`: which template an entity was created
 * from. For Components, Resources, Systems and APIs (and any entity with
 * `goldpath.dev/scaffolded-from` or `backstage.io/source-template`), resolves
 * the attribution from Goldpath's scaffolder annotations, then
 * `backstage.io/source-template`, then the dora plugin's scaffold events (an
 * in-memory map a task refreshes), and writes:
 *
 * - the computed `goldpath.dev/attribution-template|version|at|source`;
 * - the relations `scaffoldedFrom` (entity → template) and `scaffolderOf`
 *   (template → entity).
 *
 * Each such entity emits `goldpath:attribution:<entityRef>`, so a new
 * scaffold event reprocesses it. Until the events are first loaded, the
 * event used last time is replayed from the processor cache.
 */
export class GoldpathAttributionProcessor implements CatalogProcessor {
  static create(options: {
    /** Absent: scaffold events are not read (no dora plugin). */
    events?: ScaffoldEvents;
  }): GoldpathAttributionProcessor {
    return new GoldpathAttributionProcessor(options.events);
  }

  private constructor(private readonly events?: ScaffoldEvents) {}

  getProcessorName(): string {
    return 'GoldpathAttributionProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    emit: CatalogProcessorEmit,
    cache: CatalogProcessorCache,
  ): Promise<Entity> {
    const annotations = entity.metadata.annotations ?? {};
    const applies =
      KINDS.has(entity.kind.toLocaleLowerCase('en-US')) ||
      annotations[SCAFFOLDED_FROM_ANNOTATION] !== undefined ||
      annotations[SOURCE_TEMPLATE_ANNOTATION] !== undefined;
    if (!applies) return withComputedAnnotations(entity, COMPUTED);

    const event = await this.scaffoldEvent(entity, emit, cache);
    const attribution = resolveAttribution({
      annotations,
      scaffoldEvent: event,
      defaultNamespace: entity.metadata.namespace ?? 'default',
    });
    if (!attribution) return withComputedAnnotations(entity, COMPUTED);

    const self = getCompoundEntityRef(entity);
    const template = parseEntityRef(attribution.templateRef);
    emit(
      processingResult.relation({
        source: self,
        type: RELATION_SCAFFOLDED_FROM,
        target: template,
      }),
    );
    emit(
      processingResult.relation({
        source: template,
        type: RELATION_SCAFFOLDER_OF,
        target: self,
      }),
    );
    return withComputedAnnotations(
      entity,
      COMPUTED,
      attributionAnnotations(attribution),
    );
  }

  private async scaffoldEvent(
    entity: Entity,
    emit: CatalogProcessorEmit,
    cache: CatalogProcessorCache,
  ): Promise<ScaffoldEvent | undefined> {
    if (!this.events) return undefined;
    const ref = stringifyEntityRef(entity);
    emit(processingResult.refresh(attributionRefreshKey(ref)));
    const lookup = this.events.lookup(ref);
    let event: ScaffoldEvent | undefined;
    if (lookup.state === 'loaded') {
      event = lookup.event;
    } else {
      const cached = await cache.get<any>(EVENT_CACHE_KEY);
      event =
        cached && typeof cached.templateRef === 'string'
          ? (cached as ScaffoldEvent)
          : undefined;
    }
    await cache.set(EVENT_CACHE_KEY, (event ?? null) as any);
    return event;
  }
}
