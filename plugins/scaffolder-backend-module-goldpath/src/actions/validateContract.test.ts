import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import {
  brokenModule,
  plainResource,
  vpcModule,
} from '../__testUtils__/entities';
import { createTestActionContext } from '../__testUtils__/actionContext';
import { createValidateContractAction } from './validateContract';

describe('goldpath:contract:validate', () => {
  const catalog = catalogServiceMock({
    entities: [vpcModule, brokenModule, plainResource],
  });
  const action = createValidateContractAction({ catalog });

  const run = (input: {
    block: string;
    values: Record<string, unknown>;
    region?: string;
    version?: string;
  }) => {
    const { ctx, outputs } = createTestActionContext({
      input: input as JsonObject,
      workspacePath: '/nonexistent',
      isDryRun: true,
    });
    return { promise: action.handler(ctx as any), outputs };
  };

  it('passes valid values and outputs the contract version', async () => {
    const { promise, outputs } = run({
      block: 'resource:vpc-module',
      values: { cidr: '10.0.0.0/16', azCount: 3 },
      region: 'eu-west-1',
    });
    await promise;
    expect(outputs).toEqual({
      blockRef: 'resource:default/vpc-module',
      contractVersion: '2.1.0',
    });
  });

  it('fails with one error listing every violation by parameter', async () => {
    const error = await run({
      block: 'resource:default/vpc-module',
      values: {
        instance_profile_arn: 'role/x',
        azCount: 10,
        colour: 'blue',
      },
      region: 'ap-south-1',
    }).promise.catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toBe(
      'The values do not satisfy the contract of resource:default/vpc-module (2.1.0): ' +
        'cidr: is required; ' +
        'instance_profile_arn: must match ^arn:aws:iam::; ' +
        'azCount: must be at most 6; ' +
        'colour: is not an input of the contract; ' +
        'region: must be one of eu-west-1|us-east-1',
    );
  });

  it('checks the contract version the consumer is built against', async () => {
    await expect(
      run({
        block: 'resource:default/vpc-module',
        values: { cidr: '10.0.0.0/16' },
        version: '2.1.0',
      }).promise,
    ).resolves.toBeUndefined();
    const error = await run({
      block: 'resource:default/vpc-module',
      values: { cidr: '10.0.0.0/16' },
      version: '1.0.0',
    }).promise.catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toContain(
      'version: 1.0.0 is not compatible with the current contract (choose one of 2.1.0',
    );
  });

  it('names a block that is not in the catalog', async () => {
    await expect(
      run({ block: 'resource:default/missing', values: {} }).promise,
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining(
        'block: resource:default/missing is not in the catalog',
      ),
    });
  });

  it('names a block without a contract', async () => {
    await expect(
      run({ block: 'resource:default/plain', values: {} }).promise,
    ).rejects.toMatchObject({
      name: 'InputError',
      message: 'block: resource:default/plain has no spec.contract',
    });
  });

  it('reports an invalid contract with its field paths', async () => {
    await expect(
      run({ block: 'resource:default/broken-module', values: {} }).promise,
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /contract of resource:default\/broken-module is invalid: .*spec\.contract\.version.*spec\.contract\.inputs\[0\]\.type/,
      ),
    });
  });
});
