import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';

/**
 * A notification service for `startTestBackend` that records what is sent
 * (`sent`); a send to an entity in `failing` throws, as when the
 * notifications backend is down.
 */
export function capturedNotifications() {
  const sent: NotificationSendOptions[] = [];
  const failing = new Set<string>();
  const factory = createServiceFactory({
    service: notificationService,
    deps: {},
    factory: () => ({
      async send(options: NotificationSendOptions) {
        const { recipients } = options;
        if (
          recipients.type === 'entity' &&
          failing.has(String(recipients.entityRef))
        ) {
          throw new Error('notifications backend unavailable');
        }
        sent.push(options);
      },
    }),
  });
  return { factory, sent, failing };
}
