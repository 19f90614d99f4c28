import { CustomErrorBase } from '@backstage/errors';

/** A request larger than the configured limit: 413. */
export class PayloadTooLargeError extends CustomErrorBase {
  readonly statusCode = 413;
}
