'use strict';

const { startTelemetry } = require('./telemetry');

// Start tracing before anything else is loaded, so it can instrument it.
const telemetry = startTelemetry();
const { createServer } = require('./server');
const { name } = require('../package.json');

const port = Number(process.env.PORT || 8080);
const server = createServer();

server.listen(port, () => {
  console.info(`${name} listening on :${port}`);
});

// Kubernetes sends SIGTERM: fail the readiness probe, finish open
// requests, flush the traces, then exit.
process.on('SIGTERM', () => {
  server.markShuttingDown();
  server.close(async () => {
    await telemetry.shutdown().catch(() => {});
    process.exit(0);
  });
});
