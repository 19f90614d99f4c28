import { AuditRecord } from './model';
import { auditRecordsToCsv, csvCell } from './csv';

const RECORD: AuditRecord = {
  id: 'r1',
  occurredAt: '2026-12-01T10:00:00.000Z',
  actor: { type: 'user', ref: 'user:default/jane' },
  action: 'requests.request.approved',
  targetEntityRef: 'resource:default/orders-db',
  outcome: 'succeeded',
  correlationId: 'c-1',
  plugin: 'requests',
  meta: { reason: 'ok, "fine"', cost: 12 },
};

describe('CSV', () => {
  it('quotes per RFC 4180: commas, quotes and line breaks, with CRLF lines', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
    expect(csvCell(undefined)).toBe('');
  });

  it('defuses formulas: cells starting with = + - @ tab or CR get a leading quote', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(
      '"\'=HYPERLINK(""http://x"")"',
    );
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('writes the header and one line per record', () => {
    const csv = auditRecordsToCsv([
      RECORD,
      {
        ...RECORD,
        id: 'r2',
        targetEntityRef: undefined,
        meta: undefined,
        actor: { type: 'service', ref: '=cmd|calc' },
      },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'id,occurredAt,actorType,actorRef,action,targetEntityRef,outcome,correlationId,plugin,meta',
      'r1,2026-12-01T10:00:00.000Z,user,user:default/jane,requests.request.approved,resource:default/orders-db,succeeded,c-1,requests,"{""reason"":""ok, \\""fine\\"""",""cost"":12}"',
      "r2,2026-12-01T10:00:00.000Z,service,'=cmd|calc,requests.request.approved,,succeeded,c-1,requests,",
      '',
    ]);
  });
});
