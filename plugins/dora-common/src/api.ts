import { FieldError } from './events/validate';
import { ServiceScorecard } from './engine/scorecard';

/**
 * What `POST /api/dora/events` answers (and what event sources get back from
 * ingestion).
 *
 * @public
 */
export interface IngestResult {
  /** Events in the request. */
  received: number;
  /** Events newly stored. */
  accepted: number;
  /** Valid events whose id was already stored (or repeated in the request): ignored. */
  duplicates: number;
  /** Valid events not stored because their service opted out of telemetry. */
  optedOut: number;
  /** Invalid events, each with its position in the request and field-level reasons. */
  rejected: Array<{ index: number; id?: string; errors: FieldError[] }>;
}

/**
 * Query parameters the scorecard endpoints share.
 *
 * @public
 */
export interface ScorecardQuery {
  /** Window length, e.g. `90d` or `12w`. */
  window?: string;
  /** End of the window (exclusive), ISO 8601 with offset. Default now. */
  asOf?: string;
}

/**
 * What `GET /api/dora/scorecards/:kind/:namespace/:name` answers: the
 * per-service scorecard object of the offline engine, plus where it applies.
 *
 * @public
 */
export type EntityScorecardResponse = ServiceScorecard & {
  entityRef: string;
  asOf: string;
  window: { from: string; to: string; days: number };
};
