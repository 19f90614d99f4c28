import {
  ATTRIBUTION_AT_ANNOTATION,
  ATTRIBUTION_SOURCE_ANNOTATION,
  ATTRIBUTION_TEMPLATE_ANNOTATION,
  ATTRIBUTION_VERSION_ANNOTATION,
  SCAFFOLDED_AT_ANNOTATION,
  SCAFFOLDED_FROM_ANNOTATION,
  SOURCE_TEMPLATE_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
} from './annotations';
import { normalizeEntityRef } from './contract/compatibility';

/**
 * Where an attribution came from, in order of precedence.
 *
 * @public
 */
export const ATTRIBUTION_SOURCES = [
  'goldpath',
  'source-template',
  'scaffold-event',
] as const;

/**
 * The template an entity was created from, normalised.
 *
 * @public
 */
export type TemplateAttribution = {
  /** The template's entity ref, lower-case: `template:default/node-service`. */
  templateRef: string;
  /** The template's version, when known. */
  version?: string;
  /** When the entity was scaffolded (ISO 8601), when known. */
  scaffoldedAt?: string;
  /**
   * `goldpath`: Goldpath's scaffolder annotations; `source-template`: the
   * scaffolder's `backstage.io/source-template`; `scaffold-event`: a scaffold
   * event the dora plugin recorded.
   */
  source: (typeof ATTRIBUTION_SOURCES)[number];
};

/**
 * A scaffold event as the dora plugin records it.
 *
 * @public
 */
export interface ScaffoldEventAttribution {
  templateRef: string;
  templateVersion?: string;
  scaffoldedAt: string;
}

const nonEmpty = (value: string | undefined) => {
  const v = value?.trim();
  return v ? v : undefined;
};

/** An ISO 8601 instant, normalised to UTC; `undefined` when unreadable. */
function instant(value: string | undefined): string | undefined {
  const v = nonEmpty(value);
  if (!v) return undefined;
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

function templateRef(
  text: string | undefined,
  defaultNamespace: string | undefined,
): string | undefined {
  const v = nonEmpty(text);
  if (!v) return undefined;
  const ref = normalizeEntityRef(v, {
    defaultKind: 'template',
    defaultNamespace,
  });
  // Only templates scaffold: `component:default/x` here is a typo, not an answer.
  return ref?.startsWith('template:') ? ref : undefined;
}

/**
 * Resolves the template an entity was created from. Precedence:
 *
 * 1. Goldpath's scaffolder annotations: `goldpath.dev/scaffolded-from`, with
 *    `goldpath.dev/template-version` and `goldpath.dev/scaffolded-at`;
 * 2. `backstage.io/source-template` (set by `catalog:write`), with
 *    `goldpath.dev/template-version` when present;
 * 3. a scaffold event (`scaffoldEvent`).
 *
 * A version or time the chosen source lacks is taken from the scaffold event
 * when that event names the same template. Refs are parsed with the default
 * kind `template` and the default namespace `defaultNamespace` (the entity's,
 * else `default`), validated and lower-cased; a malformed ref (or one of
 * another kind) is ignored, never thrown, and the next source is tried.
 * `undefined` when no source names a template.
 *
 * @public
 */
export function resolveAttribution(options: {
  annotations?: Record<string, string | undefined>;
  scaffoldEvent?: ScaffoldEventAttribution;
  defaultNamespace?: string;
}): TemplateAttribution | undefined {
  const annotations = options.annotations ?? {};
  const ns = options.defaultNamespace;
  const event = options.scaffoldEvent;
  const eventRef = event ? templateRef(event.templateRef, ns) : undefined;

  const build = (
    ref: string,
    source: TemplateAttribution['source'],
    version: string | undefined,
    at: string | undefined,
  ): TemplateAttribution => {
    const fromEvent = eventRef === ref ? event : undefined;
    const v = version ?? nonEmpty(fromEvent?.templateVersion);
    const when = at ?? instant(fromEvent?.scaffoldedAt);
    return {
      templateRef: ref,
      ...(v !== undefined && { version: v }),
      ...(when !== undefined && { scaffoldedAt: when }),
      source,
    };
  };

  const goldpath = templateRef(annotations[SCAFFOLDED_FROM_ANNOTATION], ns);
  if (goldpath) {
    return build(
      goldpath,
      'goldpath',
      nonEmpty(annotations[TEMPLATE_VERSION_ANNOTATION]),
      instant(annotations[SCAFFOLDED_AT_ANNOTATION]),
    );
  }
  const sourceTemplate = templateRef(
    annotations[SOURCE_TEMPLATE_ANNOTATION],
    ns,
  );
  if (sourceTemplate) {
    return build(
      sourceTemplate,
      'source-template',
      nonEmpty(annotations[TEMPLATE_VERSION_ANNOTATION]),
      undefined,
    );
  }
  if (eventRef) {
    return build(eventRef, 'scaffold-event', undefined, undefined);
  }
  return undefined;
}

/**
 * Reads the attribution Goldpath's catalog processor computed, from the
 * `goldpath.dev/attribution-*` annotations of an entity as the catalog
 * serves it. `undefined` when there is none (or it is unreadable).
 *
 * @public
 */
export function readAttribution(entity: {
  metadata: { annotations?: Record<string, string> };
}): TemplateAttribution | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const ref = nonEmpty(annotations[ATTRIBUTION_TEMPLATE_ANNOTATION]);
  const source = annotations[ATTRIBUTION_SOURCE_ANNOTATION];
  if (
    !ref ||
    !(ATTRIBUTION_SOURCES as readonly string[]).includes(source ?? '')
  ) {
    return undefined;
  }
  const version = nonEmpty(annotations[ATTRIBUTION_VERSION_ANNOTATION]);
  const at = nonEmpty(annotations[ATTRIBUTION_AT_ANNOTATION]);
  return {
    templateRef: ref,
    ...(version !== undefined && { version }),
    ...(at !== undefined && { scaffoldedAt: at }),
    source: source as TemplateAttribution['source'],
  };
}

/**
 * The computed annotations for an attribution (the inverse of
 * {@link readAttribution}); empty for none.
 *
 * @public
 */
export function attributionAnnotations(
  attribution: TemplateAttribution | undefined,
): Record<string, string> {
  if (!attribution) return {};
  return {
    [ATTRIBUTION_TEMPLATE_ANNOTATION]: attribution.templateRef,
    ...(attribution.version !== undefined && {
      [ATTRIBUTION_VERSION_ANNOTATION]: attribution.version,
    }),
    ...(attribution.scaffoldedAt !== undefined && {
      [ATTRIBUTION_AT_ANNOTATION]: attribution.scaffoldedAt,
    }),
    [ATTRIBUTION_SOURCE_ANNOTATION]: attribution.source,
  };
}
