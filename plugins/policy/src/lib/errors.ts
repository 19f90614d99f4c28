/**
 * Whether an error is the backend's 403 (the user lacks a permission). A
 * `ResponseError` carries the status code; the error body names a
 * `NotAllowedError`.
 */
export function isForbidden(error: Error | undefined): boolean {
  if (!error) {
    return false;
  }
  const withStatus = error as Error & {
    statusCode?: number;
    response?: { status?: number };
    cause?: { name?: string };
  };
  return (
    withStatus.statusCode === 403 ||
    withStatus.response?.status === 403 ||
    error.name === 'NotAllowedError' ||
    withStatus.cause?.name === 'NotAllowedError'
  );
}
