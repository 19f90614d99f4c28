import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { auditOutcomeOfError } from './outcome';

class PayloadTooLargeError extends Error {
  readonly statusCode = 413;
}

describe('auditOutcomeOfError', () => {
  it('calls a refusal rejected: bad input, credentials or signature, permission, state, a 4xx', () => {
    for (const error of [
      new InputError('bad'),
      new AuthenticationError('Webhook rejected: bad signature'),
      new NotAllowedError('Not allowed'),
      new NotFoundError('No request'),
      new ConflictError('already decided'),
      new PayloadTooLargeError('too large'),
      Object.assign(new Error('too many'), { status: 429 }),
    ]) {
      expect(auditOutcomeOfError(error)).toBe('rejected');
    }
  });

  it('calls anything else failed: an error, a 5xx, a thrown non-error', () => {
    expect(auditOutcomeOfError(new Error('boom'))).toBe('failed');
    expect(auditOutcomeOfError(new ServiceUnavailableError('down'))).toBe(
      'failed',
    );
    expect(
      auditOutcomeOfError(Object.assign(new Error('db'), { statusCode: 503 })),
    ).toBe('failed');
    expect(auditOutcomeOfError('boom')).toBe('failed');
    expect(auditOutcomeOfError(undefined)).toBe('failed');
  });
});
