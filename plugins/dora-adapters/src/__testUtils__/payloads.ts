/* eslint-disable jest/no-export -- a test helper module, not a test file */
import fs from 'fs';
import path from 'path';

/**
 * The folder of third-party reference payloads, read in place and never
 * copied into the repository: `../shared/reference/payloads` beside the
 * repository root (CI has `shared/` beside every clone), or the folder named
 * by `GOLDPATH_REFERENCE_PAYLOADS`.
 */
export const PAYLOADS_DIR = process.env.GOLDPATH_REFERENCE_PAYLOADS
  ? path.resolve(process.env.GOLDPATH_REFERENCE_PAYLOADS)
  : path.resolve(__dirname, '../../../..', '../shared/reference/payloads');

/** Whether the reference payloads are there to read. */
export const HAS_PAYLOADS = fs.existsSync(PAYLOADS_DIR);

/** Why the tests of the reference payloads are skipped. */
export const PAYLOADS_SKIP_REASON = `skipped: the reference payloads folder ${PAYLOADS_DIR} is absent (clone the workplace's shared/ beside the repository, or set GOLDPATH_REFERENCE_PAYLOADS)`;

/**
 * `describe` for tests that read the reference payloads: where the folder
 * is absent, a skipped block whose title says so, without running `fn`.
 */
export function describeWithPayloads(name: string, fn: () => void): void {
  if (HAS_PAYLOADS) {
    // eslint-disable-next-line jest/valid-title, jest/valid-describe-callback -- a wrapper: name and fn are the caller's
    describe(name, fn);
  } else {
    // eslint-disable-next-line jest/no-disabled-tests -- skipped on purpose, the title says why
    describe.skip(`${name} (${PAYLOADS_SKIP_REASON})`, () => {
      // eslint-disable-next-line jest/expect-expect -- a placeholder so that the skip is reported
      it('reads the reference payloads', () => {});
    });
  }
}
