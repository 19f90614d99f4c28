/*
 * A small real Backstage backend for the fault tests: the dora plugin and the
 * catalog (the webhooks resolve repositories through it), nothing else. Its
 * port, database and secrets come from the config file that run.js writes and
 * passes with --config.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@goldpath/plugin-dora-backend'));
backend.start().catch(error => {
  // eslint-disable-next-line no-console
  console.error('fault backend failed to start', error);
  process.exit(1);
});
