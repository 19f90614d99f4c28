import { CustomErrorBase, InputError } from '@backstage/errors';
import { IngestResult } from '@goldpath/plugin-dora-common';

/**
 * No event of a request was valid: a 400 whose body lists every rejected
 * event with its index and field-level reasons (`error.rejected`).
 */
export class InvalidEventsError extends InputError {
  readonly rejected: IngestResult['rejected'];

  constructor(rejected: IngestResult['rejected']) {
    const shown = rejected
      .slice(0, 5)
      .map(
        r =>
          `event ${r.index}: ${r.errors
            .map(e => (e.path ? `${e.path} ${e.message}` : e.message))
            .join('; ')}`,
      )
      .join(' | ');
    super(
      `No valid events in the request (${rejected.length} rejected): ${shown}${
        rejected.length > 5 ? ' | …' : ''
      }`,
    );
    this.name = 'InputError';
    this.rejected = rejected;
  }
}

/** A request larger than the configured limits: 413. */
export class PayloadTooLargeError extends CustomErrorBase {
  readonly statusCode = 413;
}
