import {
  DeliveryEvent,
  validateDeliveryEvent,
} from '@goldpath/plugin-dora-common';

let seq = 0;

/** A validated, normalised event for tests. */
export function event(input: Record<string, unknown>): DeliveryEvent {
  const r = validateDeliveryEvent(
    { id: `t-${++seq}`, service: 'checkout', ...input },
    { now: Date.UTC(2100, 0, 1) },
  );
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.event;
}

export const deployment = (
  deploymentId: string,
  timestamp: string,
  extra: Record<string, unknown> = {},
) =>
  event({
    type: 'deployment',
    deploymentId,
    environment: 'production',
    outcome: 'success',
    timestamp,
    ...extra,
  });
