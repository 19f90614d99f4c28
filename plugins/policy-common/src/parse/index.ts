import type { ParsedPolicyReport, PolicyReportFormat } from '../types';
import { POLICY_REPORT_FORMATS } from '../types';
import { BodyDocument, expandDocuments, splitBody } from './body';
import { PolicyReportInputError, describeValue, located } from './errors';
import {
  isGatekeeperAuditLine,
  mismatchAuditLine,
  mismatchConstraint,
  parseAuditLines,
  parseConstraint,
} from './gatekeeper';
import { mismatchConftest, parseConftest } from './conftest';
import { mismatchSarif, parseSarif } from './sarif';
import { mismatchPolicyReport, parsePolicyReport } from './wgpolicy';

export { PolicyReportInputError } from './errors';

/** Why a document is not of `format` (naming the field), or undefined when it is. */
function mismatch(
  doc: unknown,
  format: PolicyReportFormat,
): string | undefined {
  switch (format) {
    case 'wgpolicy':
    case 'openreports':
      return mismatchPolicyReport(doc, format);
    case 'conftest':
      return mismatchConftest(doc);
    case 'gatekeeper':
      return mismatchConstraint(doc);
    case 'gatekeeper-audit':
      return mismatchAuditLine(doc);
    case 'sarif':
      return mismatchSarif(doc);
    default:
      return `unknown format ${JSON.stringify(format)}`;
  }
}

const EXPECTED =
  'expected a wgpolicyk8s.io PolicyReport or ClusterPolicyReport, an openreports.io Report or ClusterReport, ' +
  'Conftest JSON output, a constraints.gatekeeper.sh constraint, Gatekeeper audit log lines (violation_audited) ' +
  'or a SARIF 2.1.0 log';

function whatItIs(doc: unknown): string {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return describeValue(doc);
  }
  const v = doc as Record<string, unknown>;
  const parts = [
    typeof v.apiVersion === 'string' ? `apiVersion ${v.apiVersion}` : '',
    typeof v.kind === 'string' ? `kind ${v.kind}` : '',
    typeof v.version === 'string' ? `version ${v.version}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'an object';
}

/**
 * The format of one parsed document, or undefined. A Kubernetes `List` is no
 * report (its items are); an array is Conftest output when every entry is a
 * Conftest file result.
 *
 * @public
 */
export function detectPolicyReportFormat(
  doc: unknown,
): PolicyReportFormat | undefined {
  return POLICY_REPORT_FORMATS.find(format => !mismatch(doc, format));
}

/**
 * Parses a request body (JSON, YAML, multi-document YAML, Kubernetes `List`,
 * JSON lines of Gatekeeper audit logs) into normalised reports. `format`
 * forces a format; otherwise it is detected per document. Throws
 * {@link PolicyReportInputError} with a reason naming the document and field
 * for malformed or unknown input
 * (`document 2: unknown report format (expected ...)`,
 * `document 1: results[3].resources: expected an array, got an object`). Results that cannot be used (no `result`, empty `policy`, ...)
 * are left out with the reason in the report's `skipped`. Gatekeeper audit
 * lines are grouped into one report per `audit_id`. See README.md for every
 * mapping.
 *
 * @public
 */
export function parsePolicyReports(input: {
  body: string;
  format?: PolicyReportFormat;
}): ParsedPolicyReport[] {
  const { body, format } = input;
  if (typeof body !== 'string') {
    throw new PolicyReportInputError('the body must be text');
  }
  if (format !== undefined && !POLICY_REPORT_FORMATS.includes(format)) {
    throw new PolicyReportInputError(
      `format: expected one of ${POLICY_REPORT_FORMATS.join(
        ', ',
      )}, got ${JSON.stringify(format)}`,
    );
  }
  const split = splitBody(body);
  const keepArray = (doc: unknown) =>
    format ? format === 'conftest' : !mismatchConftest(doc);
  const docs = expandDocuments(split, keepArray);
  if (docs.length === 0) {
    // Only an empty Kubernetes List (`kubectl get` found nothing) gets here
    // honestly; anything else empty is no report at all.
    const onlyLists = split.every(
      d =>
        typeof d.doc === 'object' &&
        d.doc !== null &&
        !Array.isArray(d.doc) &&
        Array.isArray((d.doc as { items?: unknown }).items),
    );
    if (split.length > 0 && onlyLists) return [];
    throw new PolicyReportInputError(
      split.length === 0
        ? 'the body holds no document (only comments?)'
        : `${split[0].ctx.label}: an empty array holds no report`,
    );
  }

  // Gatekeeper's audit log mixes violation lines with other log lines; in a
  // body that has violation lines, other log lines are ignored, not refused.
  const hasAuditLines = docs.some(d => isGatekeeperAuditLine(d.doc));
  const isLogLine = (doc: unknown) =>
    typeof doc === 'object' &&
    doc !== null &&
    'ts' in doc &&
    ('msg' in doc || 'level' in doc);

  type Slot =
    | { kind: 'report'; reports: ParsedPolicyReport[] }
    | { kind: 'audit' };
  const slots: Slot[] = [];
  const auditLines: BodyDocument[] = [];
  let auditSlot = false;

  for (const entry of docs) {
    const { doc, ctx } = entry;
    let docFormat: PolicyReportFormat | undefined;
    if (format) {
      const reason = mismatch(doc, format);
      if (reason) {
        if (format === 'gatekeeper-audit' && isLogLine(doc)) {
          auditLines.push(entry);
          continue;
        }
        throw new PolicyReportInputError(
          located(ctx, '', `not ${format}: ${reason}`),
        );
      }
      docFormat = format;
    } else {
      docFormat = detectPolicyReportFormat(doc);
      if (!docFormat && hasAuditLines && isLogLine(doc)) {
        auditLines.push(entry);
        continue;
      }
      if (!docFormat) {
        throw new PolicyReportInputError(
          located(
            ctx,
            '',
            `unknown report format (${EXPECTED}; got ${whatItIs(doc)})`,
          ),
        );
      }
    }
    switch (docFormat) {
      case 'wgpolicy':
      case 'openreports':
        slots.push({
          kind: 'report',
          reports: [parsePolicyReport(doc, ctx, docFormat)],
        });
        break;
      case 'conftest':
        slots.push({ kind: 'report', reports: [parseConftest(doc, ctx)] });
        break;
      case 'gatekeeper':
        slots.push({ kind: 'report', reports: [parseConstraint(doc, ctx)] });
        break;
      case 'gatekeeper-audit':
        if (!auditSlot) slots.push({ kind: 'audit' });
        auditSlot = true;
        auditLines.push(entry);
        break;
      case 'sarif': {
        const reports = parseSarif(doc, ctx);
        if (!reports.length) {
          throw new PolicyReportInputError(
            located(
              ctx,
              'runs',
              'no run has results (a run without `results` did not run)',
            ),
          );
        }
        slots.push({ kind: 'report', reports });
        break;
      }
      default:
        throw new PolicyReportInputError(
          located(ctx, '', `unknown format ${String(docFormat)}`),
        );
    }
  }

  const out: ParsedPolicyReport[] = [];
  for (const slot of slots) {
    if (slot.kind === 'report') {
      out.push(...slot.reports);
      continue;
    }
    const audits = parseAuditLines(auditLines);
    if (!audits.length) {
      throw new PolicyReportInputError(
        'no Gatekeeper violation_audited line in the body (an audit without violations logs none; post the constraints instead: kubectl get constraints -o yaml)',
      );
    }
    out.push(...audits);
  }
  return out;
}
