import fs from 'node:fs';
import path from 'node:path';

/**
 * The shared reference payloads (real reports from public repositories),
 * read in place and never copied into the project: `../shared/reference/payloads`
 * next to the repository's root.
 */
export const PAYLOADS_DIR = path.resolve(
  __dirname,
  '../../../..',
  '../shared/reference/payloads',
);

export const havePayloads = fs.existsSync(PAYLOADS_DIR);

/**
 * `describe` when the payloads are there, else `describe.skip`; put
 * {@link payloadsNote} in the name so a skipped suite says why.
 */
// eslint-disable-next-line jest/no-disabled-tests
export const describeWithPayloads = havePayloads ? describe : describe.skip;

/** Empty, or why a payload suite is skipped. */
export const payloadsNote = havePayloads
  ? ''
  : ` (skipped: the reference payloads are not at ${PAYLOADS_DIR})`;

/** A payload's text, e.g. `kyverno/policyreport-v1alpha2-per-resource.yaml`. */
export function readPayload(relativePath: string): string {
  return fs.readFileSync(path.join(PAYLOADS_DIR, relativePath), 'utf8');
}
