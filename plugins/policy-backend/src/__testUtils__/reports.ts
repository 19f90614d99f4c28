/**
 * Hand-written reports for tests, in the formats' documented shapes (not
 * copies of anyone's files).
 */

export interface TestResult {
  policy: string;
  rule?: string;
  result: 'pass' | 'fail' | 'warn' | 'error' | 'skip';
  severity?: string;
  message?: string;
  resource?: { kind: string; name: string; namespace?: string };
  properties?: Record<string, string>;
}

/** A wgpolicyk8s.io/v1alpha2 PolicyReport, as JSON text. */
export function policyReport(options: {
  name?: string;
  namespace?: string;
  /** Epoch seconds of every result. */
  seconds?: number;
  scope?: { kind: string; name: string; namespace?: string };
  results: TestResult[];
}): string {
  return JSON.stringify({
    apiVersion: 'wgpolicyk8s.io/v1alpha2',
    kind: 'PolicyReport',
    metadata: {
      name: options.name ?? 'report',
      namespace: options.namespace ?? 'shop',
    },
    ...(options.scope ? { scope: { apiVersion: 'v1', ...options.scope } } : {}),
    results: options.results.map(r => ({
      policy: r.policy,
      ...(r.rule ? { rule: r.rule } : {}),
      result: r.result,
      ...(r.severity ? { severity: r.severity } : {}),
      message: r.message ?? `${r.policy} ${r.result}`,
      source: 'kyverno',
      ...(r.properties ? { properties: r.properties } : {}),
      ...(r.resource
        ? { resources: [{ apiVersion: 'v1', ...r.resource }] }
        : {}),
      timestamp: { seconds: options.seconds ?? 1_700_000_000, nanos: 0 },
    })),
  });
}

/** A SARIF 2.1.0 log with one run. */
export function sarif(options: {
  tool?: string;
  repository?: string;
  results: Array<{
    ruleId: string;
    level?: 'error' | 'warning' | 'note';
    file?: string;
    message?: string;
    suppressed?: string;
  }>;
}): string {
  return JSON.stringify({
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: options.tool ?? 'checkov', rules: [] } },
        ...(options.repository
          ? {
              versionControlProvenance: [{ repositoryUri: options.repository }],
            }
          : {}),
        results: options.results.map(r => ({
          ruleId: r.ruleId,
          level: r.level ?? 'error',
          message: { text: r.message ?? r.ruleId },
          ...(r.file
            ? {
                locations: [
                  { physicalLocation: { artifactLocation: { uri: r.file } } },
                ],
              }
            : {}),
          ...(r.suppressed
            ? {
                suppressions: [
                  { kind: 'external', justification: r.suppressed },
                ],
              }
            : {}),
        })),
      },
    ],
  });
}
