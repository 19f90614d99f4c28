import {
  NO_DATA,
  formatDecimal,
  formatDuration,
  formatPercentagePoints,
} from './format';

/** Which way a metric improves. */
export type Better = 'higher' | 'lower';

/** How a value is formatted: as the metric itself and as a difference. */
export type ValueKind = 'decimal' | 'duration' | 'ratio';

/** A change of a metric between two scorecards, ready to show. */
export interface MetricChange {
  /** current − previous */
  delta: number;
  /** `up`, `down` or `same`. */
  direction: 'up' | 'down' | 'same';
  /** Whether the change is an improvement; `null` when there is none. */
  improved: boolean | null;
  /** The arrow and the size of the change: `▲ 0.5`, `▼ 2h`, `±0`. */
  text: string;
  /** The change in words, for screen readers and the tooltip. */
  description: string;
}

function formatDelta(abs: number, kind: ValueKind): string {
  switch (kind) {
    case 'duration':
      return formatDuration(abs);
    case 'ratio':
      return formatPercentagePoints(abs);
    default:
      return formatDecimal(abs);
  }
}

/**
 * The change from `previous` to `current`, or `undefined` when either has no
 * data. Differences too small to show at the display precision are `same`.
 */
export function compareMetric(
  current: number | null | undefined,
  previous: number | null | undefined,
  better: Better,
  kind: ValueKind,
  versus = 'since last week',
): MetricChange | undefined {
  if (
    current === null ||
    current === undefined ||
    previous === null ||
    previous === undefined ||
    !Number.isFinite(current) ||
    !Number.isFinite(previous)
  ) {
    return undefined;
  }
  const delta = current - previous;
  const shown = formatDelta(Math.abs(delta), kind);
  const negligible = /^0(\.0)?(s| pp)?$/.test(shown) || shown === NO_DATA;
  if (delta === 0 || negligible) {
    return {
      delta,
      direction: 'same',
      improved: null,
      text: '±0',
      description: `Unchanged ${versus}`,
    };
  }
  const direction = delta > 0 ? 'up' : 'down';
  const improved = better === 'higher' ? delta > 0 : delta < 0;
  return {
    delta,
    direction,
    improved,
    text: `${direction === 'up' ? '▲' : '▼'} ${shown}`,
    description: `${direction === 'up' ? 'Up' : 'Down'} ${shown} ${versus} (${
      improved ? 'better' : 'worse'
    })`,
  };
}
