import { AuditRecord } from './model';

/**
 * The columns of the CSV export, in order.
 *
 * @public
 */
export const AUDIT_CSV_COLUMNS = [
  'id',
  'occurredAt',
  'actorType',
  'actorRef',
  'action',
  'targetEntityRef',
  'outcome',
  'correlationId',
  'plugin',
  'meta',
] as const;

/** Cells a spreadsheet would run as a formula (OWASP's list: = + - @, tab, carriage return). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell: RFC 4180 quoting (a cell with a comma, quote, CR or LF is
 * quoted, quotes doubled), and a cell a spreadsheet would run as a formula
 * gets a leading `'`, so it shows as text.
 *
 * @public
 */
export function csvCell(value: string | undefined | null): string {
  let text = value ?? '';
  if (FORMULA_START.test(text)) {
    text = `'${text}`;
  }
  if (/[",\r\n]/.test(text)) {
    return `"${text.replace(/"/g, '""')}"`;
  }
  return text;
}

/**
 * One CSV line (with its CRLF) of cells.
 *
 * @public
 */
export function csvLine(cells: ReadonlyArray<string | undefined>): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * The header line of the audit CSV.
 *
 * @public
 */
export function auditCsvHeader(): string {
  return csvLine([...AUDIT_CSV_COLUMNS]);
}

/**
 * One record as a line of the audit CSV (meta as compact JSON).
 *
 * @public
 */
export function auditRecordToCsvLine(record: AuditRecord): string {
  return csvLine([
    record.id,
    record.occurredAt,
    record.actor.type,
    record.actor.ref,
    record.action,
    record.targetEntityRef,
    record.outcome,
    record.correlationId,
    record.plugin,
    record.meta ? JSON.stringify(record.meta) : '',
  ]);
}

/**
 * Records as a whole CSV document, header first.
 *
 * @public
 */
export function auditRecordsToCsv(records: readonly AuditRecord[]): string {
  return auditCsvHeader() + records.map(auditRecordToCsvLine).join('');
}
