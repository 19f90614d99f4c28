import yaml from 'yaml';
import { createTestActionContext } from '../__testUtils__/actionContext';
import { createInMemoryDora } from '../__testUtils__/doraService';
import { createEmitEventAction } from './emitEvent';
import { emitEventExamples } from './emitEvent.examples';

describe('goldpath:event:emit examples', () => {
  it.each(emitEventExamples.map(e => [e.description, e] as const))(
    '%s',
    async (_description, example) => {
      const { dora, stored } = createInMemoryDora();
      const action = createEmitEventAction({ dora });
      const step = yaml.parse(example.example).steps[0];
      expect(step.action).toBe(action.id);
      const { ctx, outputs } = createTestActionContext({
        input: step.input,
        workspacePath: '/nonexistent',
        taskId: 'task-7',
        templateInfo: {
          entityRef: 'template:default/node-service',
          entity: { metadata: { name: 'node-service' } },
        },
      });
      await action.handler(ctx as any);
      expect(outputs.stored).toBe(true);
      expect(stored.has(outputs.eventId as string)).toBe(true);
    },
  );
});
