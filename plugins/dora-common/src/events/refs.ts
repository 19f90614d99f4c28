const NAME = /^([a-z0-9]+[-_.])*[a-z0-9]+$/i;
const KIND = /^[a-z][a-z0-9-]*$/i;

/**
 * The result of {@link parseServiceRef}.
 *
 * @public
 */
export type ServiceRefParseResult =
  | { ok: true; ref: string }
  | { ok: false; reason: string };

const RECENT_LIMIT = 10_000;
const recent = new Map<string, ServiceRefParseResult>();

function parse(value: string, defaultKind: string): ServiceRefParseResult {
  const trimmed = value.trim();
  let kind = defaultKind;
  let rest = trimmed;
  const colon = trimmed.indexOf(':');
  if (colon !== -1) {
    kind = trimmed.slice(0, colon);
    rest = trimmed.slice(colon + 1);
  }
  let namespace = 'default';
  let name = rest;
  const slash = rest.indexOf('/');
  if (slash !== -1) {
    namespace = rest.slice(0, slash);
    name = rest.slice(slash + 1);
  }
  if (kind.length > 63 || !KIND.test(kind)) {
    return { ok: false, reason: `"${value}" has an invalid kind "${kind}"` };
  }
  if (namespace.length > 63 || !NAME.test(namespace)) {
    return {
      ok: false,
      reason: `"${value}" has an invalid namespace "${namespace}"`,
    };
  }
  if (name.length > 63 || !NAME.test(name)) {
    return {
      ok: false,
      reason: `"${value}" is not an entity name or ref (expected e.g. "checkout" or "component:default/checkout")`,
    };
  }
  return {
    ok: true,
    // Entity refs are ASCII here (validated above), so plain lower-casing is exact.
    ref: `${kind}:${namespace}/${name}`.toLowerCase(),
  };
}

/**
 * Normalises a service reference into a full, lower-case catalog entity ref.
 *
 * Accepts `checkout`, `default/checkout`, `component:checkout` and
 * `component:default/checkout` (kind `component` and namespace `default` are
 * the defaults; `options.defaultKind` changes the kind, e.g. `template` for
 * a scaffold event's template). Entity refs compare case-insensitively in Backstage, so the
 * result is lower-cased to give every service one spelling in the store.
 *
 * @public
 */
export function parseServiceRef(
  value: string,
  options?: { defaultKind?: string },
): ServiceRefParseResult {
  const defaultKind = options?.defaultKind ?? 'component';
  // Producers send the same few refs over and over: remember recent answers.
  const key = `${defaultKind}\u0000${value}`;
  const known = recent.get(key);
  if (known) {
    return known;
  }
  const result = parse(value, defaultKind);
  if (recent.size >= RECENT_LIMIT) {
    recent.clear();
  }
  recent.set(key, result);
  return result;
}

/**
 * Like {@link parseServiceRef}, but throws a `TypeError` for invalid input.
 *
 * @public
 */
export function normalizeServiceRef(value: string): string {
  const result = parseServiceRef(value);
  if (!result.ok) {
    throw new TypeError(result.reason);
  }
  return result.ref;
}
