import { DeliveryEvent, parseInstant } from '@goldpath/plugin-dora-common';

/** A row of `dora_events`. */
export interface EventRow {
  id: string;
  type: string;
  service_ref: string | null;
  occurred_at: number | string;
  subject_id: string | null;
  source: string | null;
  event: string;
  received_at: number | string;
}

function subjectOf(event: DeliveryEvent): string | null {
  switch (event.type) {
    case 'change':
      return event.commitSha;
    case 'build':
      return event.pipelineId;
    case 'deployment':
      return event.deploymentId;
    case 'incident':
      return event.incidentId;
    case 'scaffold':
      return event.template;
    case 'ticket':
      return event.ticketId;
    default:
      return null;
  }
}

export function eventToRow(event: DeliveryEvent, receivedAt: number): EventRow {
  return {
    id: event.id,
    type: event.type,
    service_ref: event.service ?? null,
    occurred_at: parseInstant(event.timestamp)!,
    subject_id: subjectOf(event)?.slice(0, 256) ?? null,
    source: event.source ?? null,
    event: JSON.stringify(event),
    received_at: receivedAt,
  };
}

export function rowToEvent(row: Pick<EventRow, 'event'>): DeliveryEvent {
  return JSON.parse(row.event) as DeliveryEvent;
}
