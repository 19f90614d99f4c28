import { PolicyCounts, PolicyResult } from '@goldpath/plugin-policy-common';
import { createHash } from 'node:crypto';
import {
  Audit,
  AuditHeader,
  FindingRow,
  SeverityCounts,
  StoredResult,
  SummaryRow,
  UnmappedRow,
  WaiverRow,
} from './PolicyStore';

const num = (v: unknown): number => Number(v);
const optNum = (v: unknown): number | undefined =>
  v === null || v === undefined ? undefined : Number(v);
const optStr = (v: unknown): string | undefined =>
  v === null || v === undefined ? undefined : String(v);

/** SHA-256 hex of a text. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface AuditRow {
  id: number | string;
  entity_ref: string;
  source: string;
  ingest_id: string;
  format: string;
  producer: string | null;
  audited_at: number | string;
  last_audit_at: number | string;
  received_at: number | string;
  fingerprint: string;
  counts: string;
  results?: string;
}

export function rowToAuditHeader(row: AuditRow): AuditHeader {
  return {
    id: num(row.id),
    entityRef: row.entity_ref,
    source: row.source,
    ingestId: row.ingest_id,
    format: row.format as AuditHeader['format'],
    ...(row.producer ? { producer: row.producer } : {}),
    auditedAt: num(row.audited_at),
    lastAuditAt: num(row.last_audit_at),
    receivedAt: num(row.received_at),
    fingerprint: row.fingerprint,
    counts: JSON.parse(row.counts) as PolicyCounts,
  };
}

export function rowToAudit(row: AuditRow): Audit {
  return {
    ...rowToAuditHeader(row),
    results: JSON.parse(row.results ?? '[]') as StoredResult[],
  };
}

export function auditToRow(audit: Omit<Audit, 'id'>): Omit<AuditRow, 'id'> {
  return {
    entity_ref: audit.entityRef,
    source: audit.source,
    ingest_id: audit.ingestId,
    format: audit.format,
    producer: audit.producer?.slice(0, 128) ?? null,
    audited_at: audit.auditedAt,
    last_audit_at: audit.lastAuditAt,
    received_at: audit.receivedAt,
    fingerprint: audit.fingerprint,
    counts: JSON.stringify(audit.counts),
    results: JSON.stringify(audit.results),
  };
}

export interface FindingDbRow {
  entity_ref: string;
  source: string;
  finding_hash: string;
  finding_key: string;
  policy: string;
  rule: string | null;
  status: string;
  severity: string | null;
  message: string | null;
  resource: string | null;
  file: string | null;
  remediation: string | null;
  first_seen: number | string;
  occurrences: number | string;
}

export function findingToRow(f: FindingRow): FindingDbRow {
  return {
    entity_ref: f.entityRef,
    source: f.source,
    finding_hash: sha256(f.key),
    finding_key: f.key,
    policy: f.policy.slice(0, 255),
    rule: f.rule?.slice(0, 255) ?? null,
    status: f.status,
    severity: f.severity ?? null,
    message: f.message ?? null,
    resource: f.resource ? JSON.stringify(f.resource) : null,
    file: f.file?.slice(0, 1024) ?? null,
    remediation: f.remediation ?? null,
    first_seen: f.firstSeen,
    occurrences: f.occurrences,
  };
}

export function rowToFinding(row: FindingDbRow): FindingRow {
  return {
    entityRef: row.entity_ref,
    source: row.source,
    key: row.finding_key,
    policy: row.policy,
    ...(row.rule !== null ? { rule: row.rule } : {}),
    status: row.status as FindingRow['status'],
    ...(row.severity !== null
      ? { severity: row.severity as FindingRow['severity'] }
      : {}),
    ...(row.message !== null ? { message: row.message } : {}),
    ...(row.resource !== null ? { resource: JSON.parse(row.resource) } : {}),
    ...(row.file !== null ? { file: row.file } : {}),
    ...(row.remediation !== null ? { remediation: row.remediation } : {}),
    firstSeen: num(row.first_seen),
    occurrences: num(row.occurrences),
  };
}

export interface SummaryDbRow {
  entity_ref: string;
  status: string | null;
  violations: string | null;
  excepted: number | string;
  last_audit_at: number | string | null;
  next_waiver_expiry: number | string | null;
  updated_at: number | string;
}

export function summaryToRow(s: SummaryRow): SummaryDbRow {
  return {
    entity_ref: s.entityRef,
    status: s.status,
    violations: s.violationsBySeverity
      ? JSON.stringify(s.violationsBySeverity)
      : null,
    excepted: s.excepted,
    last_audit_at: s.lastAuditAt ?? null,
    next_waiver_expiry: s.nextWaiverExpiry ?? null,
    updated_at: s.updatedAt,
  };
}

export function rowToSummary(row: SummaryDbRow): SummaryRow {
  const lastAuditAt = optNum(row.last_audit_at);
  const nextWaiverExpiry = optNum(row.next_waiver_expiry);
  return {
    entityRef: row.entity_ref,
    status: (row.status ?? null) as SummaryRow['status'],
    ...(row.violations
      ? { violationsBySeverity: JSON.parse(row.violations) as SeverityCounts }
      : {}),
    excepted: num(row.excepted),
    ...(lastAuditAt !== undefined ? { lastAuditAt } : {}),
    ...(nextWaiverExpiry !== undefined ? { nextWaiverExpiry } : {}),
    updatedAt: num(row.updated_at),
  };
}

export interface WaiverDbRow {
  id: string;
  entity_ref: string;
  policy: string;
  rule: string | null;
  finding_key: string | null;
  reason: string;
  granted_by: string;
  created_at: number | string;
  expires_at: number | string;
}

export function waiverToRow(w: WaiverRow): WaiverDbRow {
  return {
    id: w.id,
    entity_ref: w.entityRef,
    policy: w.policy,
    rule: w.rule ?? null,
    finding_key: w.findingKey ?? null,
    reason: w.reason,
    granted_by: w.grantedBy,
    created_at: w.createdAt,
    expires_at: w.expiresAt,
  };
}

export function rowToWaiver(row: WaiverDbRow): WaiverRow {
  const rule = optStr(row.rule);
  const findingKey = optStr(row.finding_key);
  return {
    id: row.id,
    entityRef: row.entity_ref,
    policy: row.policy,
    ...(rule !== undefined ? { rule } : {}),
    ...(findingKey !== undefined ? { findingKey } : {}),
    reason: row.reason,
    grantedBy: row.granted_by,
    createdAt: num(row.created_at),
    expiresAt: num(row.expires_at),
  };
}

export interface UnmappedDbRow {
  id: number | string;
  ingest_id: string;
  source: string;
  format: string;
  producer: string | null;
  audited_at: number | string;
  received_at: number | string;
  target: string;
  result: string;
}

export function unmappedToRow(
  u: Omit<UnmappedRow, 'id'>,
): Omit<UnmappedDbRow, 'id'> {
  return {
    ingest_id: u.ingestId,
    source: u.source,
    format: u.format,
    producer: u.producer?.slice(0, 128) ?? null,
    audited_at: u.auditedAt,
    received_at: u.receivedAt,
    target: JSON.stringify(u.target),
    result: JSON.stringify(u.result),
  };
}

export function rowToUnmapped(row: UnmappedDbRow): UnmappedRow {
  return {
    id: num(row.id),
    ingestId: row.ingest_id,
    source: row.source,
    format: row.format as UnmappedRow['format'],
    ...(row.producer ? { producer: row.producer } : {}),
    auditedAt: num(row.audited_at),
    receivedAt: num(row.received_at),
    target: JSON.parse(row.target),
    result: JSON.parse(row.result) as PolicyResult,
  };
}
