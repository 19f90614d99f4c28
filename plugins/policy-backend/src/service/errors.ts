import { CustomErrorBase } from '@backstage/errors';

/** A request larger than the configured limits: 413. */
export class PayloadTooLargeError extends CustomErrorBase {
  readonly statusCode = 413;
}

/** A request body of a media type the endpoint does not read: 415. */
export class UnsupportedMediaTypeError extends CustomErrorBase {
  readonly statusCode = 415;
}
