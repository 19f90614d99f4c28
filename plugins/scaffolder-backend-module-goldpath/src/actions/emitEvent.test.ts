import { ResponseError } from '@backstage/errors';
import { createTestActionContext } from '../__testUtils__/actionContext';
import { createInMemoryDora } from '../__testUtils__/doraService';
import { createEmitEventAction } from './emitEvent';

const NOW = new Date('2026-03-02T10:20:30.000Z');
const templateInfo = (annotations?: Record<string, string>) => ({
  entityRef: 'template:default/node-service',
  entity: { metadata: { name: 'node-service', annotations } },
});

describe('goldpath:event:emit', () => {
  const setup = (overrides?: Parameters<typeof createInMemoryDora>[0]) => {
    const memory = createInMemoryDora(overrides);
    const action = createEmitEventAction({
      dora: memory.dora,
      now: () => NOW,
    });
    const run = (
      input: Record<string, any>,
      extra: Partial<Parameters<typeof createTestActionContext>[0]> = {},
    ) => {
      const test = createTestActionContext({
        input,
        workspacePath: '/nonexistent',
        taskId: 'task-42',
        templateInfo: templateInfo({
          'goldpath.dev/template-version': '1.4.0',
        }),
        user: { ref: 'user:default/jane' },
        ...extra,
      });
      return { ...test, promise: action.handler(test.ctx as any) };
    };
    return { ...memory, action, run };
  };

  it('records the scaffold event of the task, id derived from the task id', async () => {
    const { run, stored } = setup();
    const { promise, outputs } = run({
      service: 'component:default/checkout',
      outcome: 'success',
    });
    await promise;
    expect([...stored.values()]).toEqual([
      {
        id: 'scaffold:task-42',
        type: 'scaffold',
        timestamp: '2026-03-02T10:20:30.000Z',
        service: 'component:default/checkout',
        source: 'scaffolder',
        template: 'template:default/node-service',
        templateVersion: '1.4.0',
        outcome: 'success',
        taskId: 'task-42',
        actor: 'user:default/jane',
      },
    ]);
    expect(outputs.eventId).toBe('scaffold:task-42');
    expect(outputs.stored).toBe(true);
    expect(JSON.stringify(outputs)).not.toContain('user:default/jane');
  });

  it('invents neither a version nor an outcome', async () => {
    const { run, stored } = setup();
    await run(
      { service: 'checkout' },
      { templateInfo: templateInfo({}), user: undefined },
    ).promise;
    const event = stored.get('scaffold:task-42') as Record<string, unknown>;
    expect(event).not.toHaveProperty('templateVersion');
    expect(event).not.toHaveProperty('outcome');
    expect(event).not.toHaveProperty('actor');
    expect(event.service).toBe('component:default/checkout');
  });

  it('records once when the step is retried', async () => {
    const { run, stored, calls } = setup();
    const first = run({ service: 'checkout' });
    await first.promise;
    // A retry of the same task: the runner replays the stored checkpoint.
    const retry = run(
      { service: 'checkout' },
      { checkpoints: first.checkpoints },
    );
    await retry.promise;
    expect(calls).toHaveLength(1);
    expect(retry.outputs.stored).toBe(true);
    // The task state was lost: the store ignores the repeated id.
    const again = run({ service: 'checkout' });
    await again.promise;
    expect(calls).toHaveLength(2);
    expect(again.outputs.stored).toBe(false);
    expect(stored.size).toBe(1);
  });

  it('validates and outputs, but stores nothing, in a dry run', async () => {
    const { run, calls } = setup();
    const { promise, outputs } = run(
      { service: 'component:default/checkout' },
      { isDryRun: true },
    );
    await promise;
    expect(calls).toHaveLength(0);
    expect(outputs.stored).toBe(false);
    expect(outputs.event).toMatchObject({
      id: 'scaffold:task-42',
      template: 'template:default/node-service',
    });
  });

  it('records another canonical event given as event', async () => {
    const { run, stored } = setup();
    await run({
      event: {
        type: 'ticket',
        ticketId: 'PLAT-1',
        status: 'resolved',
        timestamp: '2026-03-01T00:00:00Z',
      },
    }).promise;
    expect(stored.get('ticket:task-42')).toMatchObject({
      type: 'ticket',
      source: 'scaffolder',
      ticketId: 'PLAT-1',
    });
  });

  it('fails with field reasons for an invalid event, in a dry run too', async () => {
    const { run, calls } = setup();
    await expect(
      run(
        { event: { type: 'deployment', timestamp: 'yesterday' } },
        { isDryRun: true },
      ).promise,
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /^The event is not a valid delivery event: .*timestamp: .*yesterday/,
      ),
    });
    expect(calls).toHaveLength(0);
  });

  it('needs a service unless an event is given, and not both', async () => {
    const { run } = setup();
    await expect(run({}).promise).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('service: is required'),
    });
    await expect(
      run({ service: 'checkout', event: { type: 'build' } }).promise,
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('not both'),
    });
  });

  it("fails the step with the backend's reasons for a rejected event", async () => {
    const { run } = setup({
      ingestEvents: async () => ({
        received: 1,
        accepted: 0,
        duplicates: 0,
        optedOut: 0,
        rejected: [
          {
            index: 0,
            id: 'scaffold:task-42',
            errors: [{ path: 'service', message: 'is not a known kind' }],
          },
        ],
      }),
    });
    await expect(run({ service: 'checkout' }).promise).rejects.toMatchObject({
      name: 'InputError',
      message:
        'The dora plugin rejected event scaffold:task-42: service: is not a known kind',
    });
  });

  it('turns a 400 from the backend into an InputError', async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'InputError', message: 'No valid events' },
        response: { statusCode: 400 },
      }),
      { status: 400, headers: { 'Content-Type': 'application/json' } },
    );
    const error = await ResponseError.fromResponse(response as any);
    const { run } = setup({
      ingestEvents: async () => {
        throw error;
      },
    });
    await expect(run({ service: 'checkout' }).promise).rejects.toMatchObject({
      name: 'InputError',
      message:
        'The dora plugin rejected event scaffold:task-42: No valid events',
    });
  });
});
