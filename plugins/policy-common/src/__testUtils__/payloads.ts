import fs from 'node:fs';
import path from 'node:path';

/**
 * The shared reference payloads, read in place (never copied into the
 * project): `<repo root>/../shared/reference/payloads`.
 */
export const PAYLOADS_DIR = path.resolve(
  __dirname,
  '../../../..',
  '../shared/reference/payloads',
);

/** Whether the reference payloads are present (CI has them beside every clone). */
export const hasPayloads = fs.existsSync(PAYLOADS_DIR);

/** Reads one payload, e.g. `kyverno/policyreport-v1alpha2-per-resource.yaml`. */
export function readPayload(file: string): string {
  return fs.readFileSync(path.join(PAYLOADS_DIR, file), 'utf8');
}

/** The files of one payload folder, sorted. */
export function payloadFiles(folder: string): string[] {
  return fs
    .readdirSync(path.join(PAYLOADS_DIR, folder))
    .filter(name => !name.startsWith('.'))
    .sort()
    .map(name => `${folder}/${name}`);
}

/**
 * `describe` when the payloads are present, else `describe.skip`; pass
 * {@link payloadsTitle} as the title so a skipped suite says why.
 */
export const describeWithPayloads = hasPayloads ? describe : describe.skip;

/** The suite title, plus why it is skipped when the payloads are absent. */
export function payloadsTitle(title: string): string {
  return hasPayloads
    ? title
    : `${title} (skipped: reference payloads not found at ${PAYLOADS_DIR})`;
}
