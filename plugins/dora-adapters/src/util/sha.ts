const HEX_SHA = /^[0-9a-f]{7,64}$/i;

/** Whether a value looks like a (possibly abbreviated) git commit sha. */
export function isCommitSha(value: string | undefined): value is string {
  return value !== undefined && HEX_SHA.test(value);
}

/** Git's null sha: the `after` of a branch deletion, the `before` of a creation. */
export function isNullSha(value: string | undefined): boolean {
  return value !== undefined && /^0+$/.test(value);
}
