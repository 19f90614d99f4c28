import { DeliveryEvent } from '../events/schema';
import { validateDeliveryEvent } from '../events/validate';

/** 2024-01-01T00:00:00Z, a Monday. */
export const T0 = Date.UTC(2024, 0, 1);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** ISO instant `days` (fractional allowed) after T0. */
export const at = (days: number, hours = 0, minutes = 0) =>
  new Date(T0 + days * DAY + hours * HOUR + minutes * 60_000).toISOString();

let seq = 0;

/** Validates an event input like the API does and returns the normalised event. */
export function ev(input: Record<string, unknown>): DeliveryEvent {
  const r = validateDeliveryEvent(
    { id: `e${++seq}`, service: 'svc', ...input },
    { now: Date.UTC(2100, 0, 1) },
  );
  if (!r.ok) {
    throw new Error(`invalid test event: ${JSON.stringify(r.errors)}`);
  }
  return r.event;
}

export const deploy = (
  deploymentId: string,
  timestamp: string,
  extra: Record<string, unknown> = {},
) =>
  ev({
    type: 'deployment',
    deploymentId,
    environment: 'production',
    outcome: 'success',
    timestamp,
    ...extra,
  });

export const change = (
  commitSha: string,
  timestamp: string,
  extra: Record<string, unknown> = {},
) => ev({ type: 'change', commitSha, timestamp, ...extra });

export const incident = (
  incidentId: string,
  openedAt: string,
  resolvedAt?: string,
  extra: Record<string, unknown> = {},
) => {
  const events = [
    ev({
      type: 'incident',
      incidentId,
      status: 'open',
      openedAt,
      timestamp: openedAt,
      ...extra,
    }),
  ];
  if (resolvedAt) {
    events.push(
      ev({
        type: 'incident',
        incidentId,
        status: 'resolved',
        openedAt,
        resolvedAt,
        timestamp: resolvedAt,
      }),
    );
  }
  return events;
};

/** Deterministic Fisher–Yates shuffle. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
