/**
 * goldpath-events: send delivery events (deployments, changes, builds,
 * incidents) and policy results (Conftest, SARIF) from CI/CD pipelines to
 * Goldpath.
 *
 * @packageDocumentation
 */

import { main } from './cli';

main(process.argv.slice(2), {
  env: process.env,
  io: {
    stdout: text => process.stdout.write(text),
    stderr: text => process.stderr.write(text),
  },
  stdin: process.stdin,
}).then(
  code => {
    process.exitCode = code;
  },
  error => {
    process.stderr.write(`goldpath-events: ${error?.stack ?? error}\n`);
    process.exitCode = 1;
  },
);
