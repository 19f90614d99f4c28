import {
  alreadyDecidedMessage,
  canTransition,
  costFromContract,
  createRequestBodySchema,
  formatCostEstimate,
  isTerminalStatus,
  rejectRequestBodySchema,
  requestKindTitle,
  requestsApprovePermission,
} from './index';

const valid = {
  kind: 'database-credentials',
  targetRef: 'Resource:default/Orders-DB',
  parameters: { database: 'orders', access: 'read-only' },
  fulfilment: {
    type: 'scaffolder',
    templateRef: 'template:default/issue-db-credentials',
    values: { database: 'orders' },
  },
};

const issues = (input: unknown) => {
  const r = createRequestBodySchema.safeParse(input);
  return r.success
    ? []
    : r.error.issues.map(i => `${i.path.join('.')}: ${i.message}`);
};

describe('createRequestBodySchema', () => {
  it('normalises refs and fills defaults', () => {
    const r = createRequestBodySchema.parse({
      ...valid,
      onBehalfOf: 'user:ada',
      parameters: undefined,
    });
    expect(r.targetRef).toBe('resource:default/orders-db');
    expect(r.onBehalfOf).toBe('user:default/ada');
    expect(r.parameters).toEqual({});
  });

  it('names every bad field', () => {
    expect(
      issues({
        ...valid,
        kind: 'Database Credentials',
        targetRef: 'not a ref!',
        onBehalfOf: 'group:default/team-a',
        cost: { amount: -1, currency: 'eur', period: 'week' },
        extra: true,
      }),
    ).toEqual(
      expect.arrayContaining([
        'kind: must be a lower-case slug such as database-credentials',
        'targetRef: must be an entity ref like resource:default/name',
        'onBehalfOf: must be a user ref',
        'cost.amount: Too small: expected number to be >=0',
        'cost.currency: expected an ISO 4217 code such as USD',
        expect.stringMatching(/^cost\.period: /),
        expect.stringMatching(/^: Unrecognized key: "extra"/),
      ]),
    );
  });

  it('refuses parameters that look like secrets and templates that are no templates', () => {
    expect(
      issues({
        ...valid,
        parameters: { dbPassword: 'x' },
        fulfilment: { type: 'scaffolder', templateRef: 'component:default/x' },
      }),
    ).toEqual([
      'parameters.dbPassword: looks like a secret; requests must not carry secrets (the fulfilment creates them)',
      'fulfilment.templateRef: must be a template ref',
    ]);
  });

  it('accepts action fulfilments and refuses unknown fulfilment types', () => {
    expect(
      issues({
        ...valid,
        fulfilment: { type: 'action', id: 'db:credentials:issue' },
      }),
    ).toEqual([]);
    expect(issues({ ...valid, fulfilment: { type: 'email' } })).toHaveLength(1);
  });

  it('requires a reason to reject', () => {
    expect(rejectRequestBodySchema.safeParse({}).success).toBe(false);
    expect(rejectRequestBodySchema.safeParse({ reason: '  ' }).success).toBe(
      false,
    );
  });
});

describe('lifecycle', () => {
  it('allows only the documented transitions', () => {
    expect(canTransition('pending', 'approved')).toBe(true);
    expect(canTransition('pending', 'fulfilled')).toBe(false);
    expect(canTransition('approved', 'cancelled')).toBe(false);
    expect(canTransition('fulfilling', 'failed')).toBe(true);
    expect(isTerminalStatus('rejected')).toBe(true);
    expect(isTerminalStatus('fulfilling')).toBe(false);
  });

  it('says who decided first', () => {
    expect(
      alreadyDecidedMessage({
        status: 'fulfilled',
        decision: {
          outcome: 'approved',
          by: 'user:default/ada',
          at: '2026-01-05T10:00:00.000Z',
        },
      }),
    ).toBe(
      'already decided: approved by user:default/ada at 2026-01-05T10:00:00.000Z',
    );
  });

  it('makes approval a resource permission', () => {
    expect(requestsApprovePermission).toMatchObject({
      type: 'resource',
      resourceType: 'requests-request',
      name: 'requests.request.approve',
    });
  });
});

describe('cost and kinds', () => {
  it('reads the monthly estimate of a contract and guesses nothing', () => {
    expect(
      costFromContract(
        {
          cost: {
            bucket: 'medium',
            monthlyEstimate: { amount: 120.5, currency: 'EUR', basis: '3 AZs' },
          },
        },
        'resource:default/orders-db',
      ),
    ).toEqual({
      amount: 120.5,
      currency: 'EUR',
      period: 'month',
      bucket: 'medium',
      basis: '3 AZs',
      sourceRef: 'resource:default/orders-db',
    });
    expect(costFromContract({ cost: { bucket: 'low' } })).toBeUndefined();
    expect(costFromContract({})).toBeUndefined();
    expect(
      formatCostEstimate({ amount: 120.5, currency: 'EUR', period: 'month' }),
    ).toBe('€120.50 / month');
  });

  it('titles kinds', () => {
    expect(requestKindTitle('gpu-quota')).toBe('GPU/TPU quota');
    expect(requestKindTitle('vpn-access')).toBe('Vpn access');
    expect(requestKindTitle('vpn-access', 'VPN access')).toBe('VPN access');
  });
});
