import { isError } from '@backstage/errors';

/** Backstage's errors that mean the platform refused the action (their HTTP answer is a 4xx). */
const REFUSALS = new Set([
  'InputError',
  'AuthenticationError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
  'NotModifiedError',
]);

/**
 * The outcome of an action that threw: `rejected` when the platform refused
 * it (bad input, no permission, a bad signature, already decided, too large,
 * too many: any 4xx), `failed` for an error.
 *
 * @public
 */
export function auditOutcomeOfError(error: unknown): 'failed' | 'rejected' {
  if (!isError(error)) return 'failed';
  const { statusCode, status } = error as {
    statusCode?: unknown;
    status?: unknown;
  };
  const code = typeof statusCode === 'number' ? statusCode : status;
  if (typeof code === 'number') {
    return code >= 400 && code < 500 ? 'rejected' : 'failed';
  }
  return REFUSALS.has(error.name) ? 'rejected' : 'failed';
}
