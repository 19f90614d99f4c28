import { InputError } from '@backstage/errors';
import { DatabaseUnavailableError, isDatabaseUnavailable } from './errors';

const withCode = (code: string, message = 'failed') =>
  Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['PostgreSQL shutting down (57P01)', withCode('57P01')],
    ['PostgreSQL starting up (57P03)', withCode('57P03')],
    ['a connection failure (08006)', withCode('08006')],
    [
      'a pool timeout',
      Object.assign(
        new Error(
          'Knex: Timeout acquiring a connection. The pool is probably full.',
        ),
        { name: 'KnexTimeoutError' },
      ),
    ],
    ['a lost connection', new Error('Connection terminated unexpectedly')],
    [
      'refusals on every address',
      new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]),
    ],
    [
      'a wrapped cause',
      new Error('query failed', { cause: withCode('ECONNREFUSED') }),
    ],
    ['our own error', new DatabaseUnavailableError('down')],
  ])('recognises %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505')],
    ['a syntax error', withCode('42601')],
    ['bad input', new InputError('bad')],
    ['a string', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('leaves %s alone', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
