/*
 * A small real Backstage backend for the fault tests: the dora plugin and the
 * catalog (the webhooks resolve repositories through it), nothing else. Its
 * port, database and secrets come from the config file that run.js writes and
 * passes with --config.
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';

const backend = createBackend();
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@goldpath/plugin-dora-backend'));

// GOLDPATH_FAULT_START_DELAY_MS holds every plugin's start back after the
// HTTP server listens (a root service that needs the root router and then
// waits; root services start one after the other, before any plugin). For that
// long the backend answers 404 for /api/<plugin>/* and 503 for its readiness
// check, as it does while a slow database connects.
const startDelayMs = Number(process.env.GOLDPATH_FAULT_START_DELAY_MS ?? 0);
if (startDelayMs > 0) {
  backend.add(
    createServiceFactory({
      service: createServiceRef<void>({
        id: 'goldpath.fault.start-delay',
        scope: 'root',
      }),
      deps: { rootHttpRouter: coreServices.rootHttpRouter },
      factory: () =>
        new Promise<void>(resolve => setTimeout(resolve, startDelayMs)),
    }),
  );
}

backend.start().catch(error => {
  // eslint-disable-next-line no-console
  console.error('fault backend failed to start', error);
  process.exit(1);
});
