import { responseError } from '../__testUtils__/states';
import { isForbidden } from './errors';

describe('isForbidden', () => {
  it('is true for the backend 403 only', async () => {
    expect(
      isForbidden(await responseError(403, 'NotAllowedError', 'Unauthorized')),
    ).toBe(true);
    expect(
      isForbidden(await responseError(401, 'AuthenticationError', 'No token')),
    ).toBe(false);
    expect(isForbidden(await responseError(500, 'Error', 'boom'))).toBe(false);
    expect(isForbidden(new Error('network'))).toBe(false);
    expect(isForbidden(undefined)).toBe(false);
  });
});
