import { ScaffoldAttributionEntry } from '../api';
import { ScaffoldEvent } from './schema';

/**
 * Which template created each service, from its `scaffold` events: the
 * earliest (by timestamp, then id) whose outcome is not `failure`. A failed
 * run created nothing; a later successful re-run of another template does
 * not change what created the service.
 *
 * @public
 */
export function scaffoldAttributions(
  events: readonly ScaffoldEvent[],
): ScaffoldAttributionEntry[] {
  const first = new Map<string, ScaffoldEvent>();
  for (const event of events) {
    if (!event.service || event.outcome === 'failure') continue;
    const seen = first.get(event.service);
    if (
      !seen ||
      event.timestamp < seen.timestamp ||
      (event.timestamp === seen.timestamp && event.id < seen.id)
    ) {
      first.set(event.service, event);
    }
  }
  return [...first.values()]
    .sort((a, b) => (a.service! < b.service! ? -1 : 1))
    .map(event => ({
      entityRef: event.service!,
      templateRef: event.template,
      ...(event.templateVersion
        ? { templateVersion: event.templateVersion }
        : {}),
      scaffoldedAt: event.timestamp,
      ...(event.taskId ? { taskId: event.taskId } : {}),
    }));
}
