/**
 * The `dora` command line of Goldpath.
 *
 * @packageDocumentation
 */

import { main } from './main';
import { processIo } from './io';

main(process.argv.slice(2), processIo).then(
  code => {
    process.exitCode = code;
  },
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exitCode = 1;
  },
);
