import { useEffect } from 'react';

/**
 * Asks again after the server's `retryAfterSeconds` while an answer says its
 * figures are still `computing` in the background (HTTP 202).
 */
export function useRetryWhileComputing(
  value: { computing?: true; retryAfterSeconds?: number } | undefined,
  retry: () => void,
) {
  const computing = value?.computing === true;
  const seconds = value?.retryAfterSeconds ?? 5;
  useEffect(() => {
    if (!computing) return undefined;
    const timer = setTimeout(retry, Math.max(1, seconds) * 1000);
    return () => clearTimeout(timer);
  }, [computing, seconds, retry]);
}
