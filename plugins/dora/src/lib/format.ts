import type { DoraLevel, ServiceScorecard } from '@goldpath/plugin-dora-common';

/** What the card shows for "no data" (a `null` metric). Never `0`. */
export const NO_DATA = '—';

const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
  ['s', 1],
];

function largestUnitIndex(seconds: number): number {
  const i = UNITS.findIndex(([, size]) => seconds >= size);
  return i === -1 ? UNITS.length - 1 : i;
}

/**
 * A duration in seconds as a short human string with at most two units:
 * `45s`, `45m`, `2h 5m`, `1d 2h`. The smaller unit is rounded, and dropped
 * when zero (`3h`, `2d`). `null` is {@link NO_DATA}.
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) {
    return NO_DATA;
  }
  if (seconds < 0) {
    return `-${formatDuration(-seconds)}`;
  }
  let i = largestUnitIndex(seconds);
  const precision = UNITS[Math.min(i + 1, UNITS.length - 1)][1];
  const rounded = Math.round(seconds / precision) * precision;
  // Rounding may carry into the next unit: 59.6s is 1m, 23h 59.6m is 1d.
  i = largestUnitIndex(rounded);
  const [bigUnit, bigSize] = UNITS[i];
  const big = Math.floor(rounded / bigSize);
  const next = UNITS[i + 1];
  const small = next ? Math.round((rounded - big * bigSize) / next[1]) : 0;
  return small > 0 && next
    ? `${big}${bigUnit} ${small}${next[0]}`
    : `${big}${bigUnit}`;
}

/** A ratio (0–1) as a percentage with at most one decimal: `6.7%`, `0%`. */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) {
    return NO_DATA;
  }
  return `${Number((ratio * 100).toFixed(1))}%`;
}

/** A number with exactly one decimal (`3.5`, `10.0`); `null` is {@link NO_DATA}. */
export function formatDecimal(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return NO_DATA;
  }
  return value.toFixed(1);
}

/** A count with its noun: `1 deployment`, `12 deployments`. */
export function formatCount(
  count: number,
  singular: string,
  plural = `${singular}s`,
): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** The subheader of a window: `Last 90 days`. */
export function formatWindow(days: number): string {
  return days === 1 ? 'Last day' : `Last ${days} days`;
}

/** The label of a DORA performance level: `Elite`, `High`, …. */
export function levelLabel(level: DoraLevel): string {
  return level.charAt(0).toLocaleUpperCase('en-US') + level.slice(1);
}

/** Background and text colour of a level chip (WCAG AA contrast, both themes). */
export interface LevelColors {
  background: string;
  color: string;
}

const LEVEL_COLORS: Record<DoraLevel, LevelColors> = {
  elite: { background: '#1b5e20', color: '#ffffff' },
  high: { background: '#a5d6a7', color: '#0b3d12' },
  medium: { background: '#ffe082', color: '#4a3300' },
  low: { background: '#ef9a9a', color: '#5c0a0a' },
};

/** Colours of a level chip, from green (elite) to red (low). */
export function levelColors(level: DoraLevel): LevelColors {
  return LEVEL_COLORS[level];
}

/**
 * Whether a scorecard has nothing to show: no deployments and no changes in
 * the window, and no metric with data (so no deployment history either).
 */
export function isEmptyScorecard(scorecard: ServiceScorecard): boolean {
  return (
    scorecard.deploymentFrequency.deployments === 0 &&
    scorecard.changeLeadTime.changes === 0 &&
    scorecard.score === null
  );
}

/**
 * A difference of two ratios in percentage points, at most one decimal:
 * `1.7 pp`. Sign is kept: `-1.7 pp`.
 */
export function formatPercentagePoints(
  delta: number | null | undefined,
): string {
  if (delta === null || delta === undefined || !Number.isFinite(delta)) {
    return NO_DATA;
  }
  return `${Number((delta * 100).toFixed(1))} pp`;
}

/**
 * An instant as `2024-05-02 09:10 UTC`: UTC, so that everyone reading the
 * timeline (and its tests) sees the same; `null` is {@link NO_DATA}.
 */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) {
    return NO_DATA;
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return NO_DATA;
  }
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The template a service was created from: `template:default/x v1.4.0`. */
export function formatTemplate(template: {
  ref: string;
  version?: string;
}): string {
  if (!template.version) {
    return template.ref;
  }
  const version = template.version.replace(/^v/i, '');
  return `${template.ref} v${version}`;
}

/**
 * A short form of an entity ref for lists: the name alone for components
 * in the default namespace, `kind:name` in the default namespace, else the
 * full ref.
 */
export function formatShortRef(entityRef: string): string {
  const match = /^([^:]+):([^/]+)\/(.+)$/.exec(entityRef);
  if (!match) {
    return entityRef;
  }
  const [, kind, namespace, name] = match;
  if (namespace.toLocaleLowerCase('en-US') !== 'default') {
    return entityRef;
  }
  return kind.toLocaleLowerCase('en-US') === 'component'
    ? name
    : `${kind}:${name}`;
}
