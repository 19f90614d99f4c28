import {
  auditQuerySchema,
  auditRecordSchema,
  auditRecordsRequestSchema,
  auditQueryToSearchParams,
  describeAuditIssues,
} from './index';

const VALID = {
  id: '0b7e1f9e-3c1a-4d57-9a4e-1f0f6f7f2a11',
  occurredAt: '2026-12-01T11:00:00+01:00',
  actor: { type: 'user', ref: 'user:default/jane' },
  action: 'policy.report.upload',
  targetEntityRef: 'Component:Default/Checkout',
  outcome: 'succeeded',
  correlationId: 'req-42',
  plugin: 'policy',
  meta: { results: 12 },
};

function reasons(schema: any, input: unknown, what = 'body') {
  const result = schema.safeParse(input);
  return result.success ? [] : describeAuditIssues(result.error, what);
}

describe('auditRecordSchema', () => {
  it('accepts a record and normalises its time and entity ref', () => {
    const parsed = auditRecordSchema.parse(VALID);
    expect(parsed.occurredAt).toBe('2026-12-01T10:00:00.000Z');
    expect(parsed.targetEntityRef).toBe('component:default/checkout');
  });

  it('names every bad field', () => {
    expect(
      reasons(auditRecordsRequestSchema, {
        records: [
          {
            ...VALID,
            id: '',
            occurredAt: 'yesterday',
            actor: { type: 'robot', ref: '' },
            action: 'Upload',
            outcome: 'ok',
            targetEntityRef: 'not a ref',
            extra: 1,
          },
        ],
      }),
    ).toEqual([
      expect.stringMatching(/^body\.records\[0\]\.id must be 1 to 128/),
      expect.stringMatching(/^body\.records\[0\]\.occurredAt must be an ISO/),
      'body.records[0].actor.type must be user or service',
      'body.records[0].actor.ref must not be empty',
      expect.stringMatching(/^body\.records\[0\]\.action must be a dotted/),
      expect.stringMatching(/^body\.records\[0\]\.targetEntityRef must be/),
      expect.stringMatching(/^body\.records\[0\]\.outcome must be one of/),
      'unknown body.records[0] field extra',
    ]);
  });

  it('bounds meta and batches', () => {
    expect(
      reasons(auditRecordSchema, { ...VALID, meta: { big: 'x'.repeat(5000) } }),
    ).toEqual(['body.meta must be at most 4096 bytes as JSON']);
    expect(
      reasons(auditRecordsRequestSchema, {
        records: Array.from({ length: 101 }, () => VALID),
      }),
    ).toEqual(['body.records must hold at most 100 records']);
    expect(reasons(auditRecordsRequestSchema, { records: [] })).toEqual([
      'body.records must hold at least one record',
    ]);
  });
});

describe('auditQuerySchema', () => {
  it('parses filters and limits', () => {
    expect(
      auditQuerySchema.parse({
        actor: 'user:default/jane',
        entity: 'component:checkout',
        action: 'requests.request',
        from: '2026-11-01T00:00:00Z',
        to: '2026-12-01T00:00:00Z',
        limit: '500',
      }),
    ).toEqual({
      actor: 'user:default/jane',
      entity: 'component:default/checkout',
      action: 'requests.request',
      from: '2026-11-01T00:00:00Z',
      to: '2026-12-01T00:00:00Z',
      limit: 500,
    });
  });

  it('refuses bad filters with field-level reasons', () => {
    expect(
      reasons(
        auditQuerySchema,
        {
          limit: '501',
          action: 'Requests.',
          from: '2026-12-01T00:00:00Z',
          to: '2026-11-01T00:00:00Z',
          unknown: 'x',
        },
        'query',
      ),
    ).toEqual([
      expect.stringMatching(/^query\.action must be an action or its dotted/),
      'query.limit must be a whole number from 1 to 500',
      'unknown query field unknown',
      'query.from must be before to',
    ]);
    expect(
      reasons(
        auditQuerySchema,
        { from: '2026-12-01T00:00:00Z', to: '2026-11-01T00:00:00Z' },
        'query',
      ),
    ).toEqual(['query.from must be before to']);
    expect(reasons(auditQuerySchema, { limit: '0' }, 'query')).toEqual([
      'query.limit must be a whole number from 1 to 500',
    ]);
  });

  it('writes a query string without empty values', () => {
    expect(
      auditQueryToSearchParams({
        actor: ' user:default/jane ',
        entity: '',
        limit: 20,
      }).toString(),
    ).toBe('actor=user%3Adefault%2Fjane&limit=20');
  });
});
