import { createMockDirectory } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { createTestActionContext } from '../__testUtils__/actionContext';
import { createWriteAttributionAction } from './writeAttribution';
import { writeAttributionExamples } from './writeAttribution.examples';

describe('goldpath:attribution:write examples', () => {
  const mockDir = createMockDirectory();
  const action = createWriteAttributionAction();

  it.each(writeAttributionExamples.map(e => [e.description, e] as const))(
    '%s',
    async (_description, example) => {
      const step = yaml.parse(example.example).steps[0];
      const input = step.input ?? {};
      const file = input.filePath ?? 'catalog-info.yaml';
      mockDir.setContent({
        [file]: 'kind: Component\nmetadata:\n  name: checkout\n',
      });
      const { ctx, outputs } = createTestActionContext({
        input,
        workspacePath: mockDir.path,
        templateInfo: {
          entityRef: 'template:default/node-service',
          entity: {
            metadata: {
              name: 'node-service',
              annotations: { 'goldpath.dev/template-version': '1.0.0' },
            },
          },
        },
      });
      expect(step.action).toBe(action.id);
      await action.handler(ctx as any);
      const written = yaml.parse(
        fs.readFileSync(path.join(mockDir.path, file), 'utf8'),
      );
      expect(written.metadata.annotations).toMatchObject({
        'goldpath.dev/scaffolded-from': 'template:default/node-service',
        'goldpath.dev/template-version': input.templateVersion ?? '1.0.0',
      });
      expect(outputs.templateRef).toBe('template:default/node-service');
    },
  );
});
