import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import yaml from 'yaml';
import { vpcModule } from '../__testUtils__/entities';
import { createTestActionContext } from '../__testUtils__/actionContext';
import { createValidateContractAction } from './validateContract';
import { validateContractExamples } from './validateContract.examples';

/** What the templating would have rendered the examples' expressions to. */
const RENDERED: Record<string, unknown> = {
  '${{ parameters.cidr }}': '10.1.0.0/16',
  '${{ parameters.azCount }}': 2,
};

describe('goldpath:contract:validate examples', () => {
  const action = createValidateContractAction({
    catalog: catalogServiceMock({ entities: [vpcModule] }),
  });

  it.each(validateContractExamples.map(e => [e.description, e] as const))(
    '%s',
    async (_description, example) => {
      const step = yaml.parse(example.example).steps[0];
      expect(step.action).toBe(action.id);
      const values = Object.fromEntries(
        Object.entries(step.input.values).map(([k, v]) => [
          k,
          typeof v === 'string' && v in RENDERED ? RENDERED[v] : v,
        ]),
      );
      const { ctx, outputs } = createTestActionContext({
        input: { ...step.input, values },
        workspacePath: '/nonexistent',
      });
      await action.handler(ctx as any);
      expect(outputs.contractVersion).toBe('2.1.0');
    },
  );
});
