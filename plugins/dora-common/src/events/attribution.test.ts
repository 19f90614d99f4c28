import { at, ev } from '../__testUtils__/events';
import { scaffoldAttributions } from './attribution';
import { ScaffoldEvent } from './schema';

const scaffold = (input: Record<string, unknown>) =>
  ev({ type: 'scaffold', ...input }) as ScaffoldEvent;

describe('scaffoldAttributions', () => {
  it('takes the earliest non-failed scaffold event of each service', () => {
    const entries = scaffoldAttributions([
      scaffold({
        id: 'late',
        service: 'cart',
        template: 'golden-path-service',
        templateVersion: '2.0.0',
        timestamp: at(5),
      }),
      scaffold({
        id: 'failed-first',
        service: 'cart',
        template: 'other',
        outcome: 'failure',
        timestamp: at(1),
      }),
      scaffold({
        id: 'first',
        service: 'cart',
        template: 'golden-path-service',
        templateVersion: '1.4.0',
        taskId: 'task-1',
        timestamp: at(2),
      }),
      scaffold({
        id: 'web',
        service: 'web-shop',
        template: 'template:default/web',
        timestamp: at(3),
      }),
    ]);
    expect(entries).toEqual([
      {
        entityRef: 'component:default/cart',
        templateRef: 'template:default/golden-path-service',
        templateVersion: '1.4.0',
        scaffoldedAt: at(2),
        taskId: 'task-1',
      },
      {
        entityRef: 'component:default/web-shop',
        templateRef: 'template:default/web',
        scaffoldedAt: at(3),
      },
    ]);
  });

  it('says nothing of services whose every scaffold failed, or of events without a service', () => {
    expect(
      scaffoldAttributions([
        scaffold({
          service: 'cart',
          template: 't',
          outcome: 'failure',
          timestamp: at(1),
        }),
      ]),
    ).toEqual([]);
  });
});
