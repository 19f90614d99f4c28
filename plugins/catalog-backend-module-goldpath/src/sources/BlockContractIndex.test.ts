import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { BlockContractIndex } from './BlockContractIndex';

const block = (name: string, version: string, extra: object = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'goldpath.dev/contract-version': version },
  },
  spec: { type: 'module', owner: 'a', contract: { version, ...extra } },
});

const plain = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, namespace: 'default' },
  spec: { type: 'module', owner: 'a' },
});

/** The in-memory catalog of catalog-node's test utilities, swappable between refreshes. */
function setup(entities: Entity[]) {
  let current = catalogServiceMock({ entities });
  const calls = { query: 0 };
  const catalog = {
    queryEntities: (req: any, opts: any) => {
      calls.query += 1;
      return current.queryEntities(req, opts);
    },
    getEntitiesByRefs: (req: any, opts: any) =>
      current.getEntitiesByRefs(req, opts),
  } as unknown as CatalogService;
  const logger = mockServices.logger.mock();
  const onChange = jest.fn(async (_keys: string[]) => {});
  let now = 1_000_000;
  const index = BlockContractIndex.create({
    catalog,
    auth: mockServices.auth(),
    logger,
    onChange,
    now: () => now,
  });
  return {
    index,
    onChange,
    logger,
    calls,
    replace(next: Entity[]) {
      current = catalogServiceMock({ entities: next });
    },
    fail() {
      current = {
        queryEntities: async () => {
          throw new Error('catalog unavailable');
        },
      } as any;
    },
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('BlockContractIndex', () => {
  it('knows nothing before the first load, then serves the contracts', async () => {
    const t = setup([block('vpc', '2.1.0'), plain('bare')]);
    expect(t.index.lookup('resource:default/vpc')).toEqual({
      state: 'not-loaded',
    });
    await t.index.refresh();
    expect(t.index.lookup('Resource:default/VPC')).toEqual({
      state: 'contract',
      contract: { version: '2.1.0', inputs: [], outputs: [] },
    });
    expect(t.index.lookup('resource:default/ghost')).toEqual({
      state: 'unknown',
    });
  });

  it('refreshes, on the first load, the blocks it has and those consumers asked about', async () => {
    const t = setup([block('vpc', '2.1.0'), plain('bare')]);
    t.index.lookup('resource:default/bare');
    t.index.lookup('resource:default/ghost');
    await t.index.refresh();
    expect(t.onChange).toHaveBeenCalledTimes(1);
    expect(t.onChange).toHaveBeenLastCalledWith([
      'goldpath:contract:resource:default/bare',
      'goldpath:contract:resource:default/ghost',
      'goldpath:contract:resource:default/vpc',
    ]);
    expect(t.index.lookup('resource:default/bare')).toEqual({
      state: 'no-contract',
    });
    expect(t.index.lookup('resource:default/ghost')).toEqual({
      state: 'unknown',
    });
  });

  it('refreshes only the consumers of blocks whose contract changed', async () => {
    const t = setup([
      block('vpc', '2.1.0'),
      block('pg', '1.0.0'),
      block('dns', '1.0.0'),
    ]);
    await t.index.refresh();
    t.onChange.mockClear();

    await t.index.refresh();
    expect(t.onChange).not.toHaveBeenCalled();

    t.replace([
      block('vpc', '3.0.0'),
      block('pg', '1.0.0', { description: 'only the text changed' }),
      block('dns', '1.0.0', { constraints: { regions: ['eu-west-1'] } }),
      block('new', '0.1.0'),
    ]);
    await t.index.refresh();
    expect(t.onChange).toHaveBeenCalledWith([
      'goldpath:contract:resource:default/dns',
      'goldpath:contract:resource:default/new',
      'goldpath:contract:resource:default/vpc',
    ]);

    t.onChange.mockClear();
    t.replace([block('vpc', '3.0.0'), block('pg', '1.0.0'), plain('new')]);
    t.index.lookup('resource:default/new');
    await t.index.refresh();
    expect(t.onChange).toHaveBeenCalledWith([
      'goldpath:contract:resource:default/dns',
      'goldpath:contract:resource:default/new',
    ]);
    expect(t.index.lookup('resource:default/dns')).toEqual({
      state: 'unknown',
    });
    expect(t.index.lookup('resource:default/new')).toEqual({
      state: 'no-contract',
    });
  });

  it('reads every page', async () => {
    const many = Array.from({ length: 1203 }, (_, i) =>
      block(`b${i}`, '1.0.0'),
    );
    const t = setup(many);
    await t.index.refresh();
    expect(t.calls.query).toBe(3);
    expect(t.index.lookup('resource:default/b1202').state).toBe('contract');
    expect(t.onChange.mock.calls[0][0]).toHaveLength(1203);
  });

  it('keeps the last answer when the catalog fails, and warns at most once a minute', async () => {
    const t = setup([block('vpc', '2.1.0')]);
    await t.index.refresh();
    t.fail();
    await t.index.refresh();
    await t.index.refresh();
    expect(t.index.lookup('resource:default/vpc').state).toBe('contract');
    expect(t.logger.warn).toHaveBeenCalledTimes(1);
    expect(t.logger.warn).toHaveBeenLastCalledWith(
      'Could not read building-block contracts from the catalog; consumers keep their last compatibility: catalog unavailable',
    );
    t.advance(61_000);
    await t.index.refresh();
    expect(t.logger.warn).toHaveBeenCalledTimes(2);
    expect(t.logger.warn).toHaveBeenLastCalledWith(
      'Could not read building-block contracts from the catalog; consumers keep their last compatibility: catalog unavailable (1 more failures since the last warning)',
    );
  });

  it('stays not loaded while the first load fails', async () => {
    const t = setup([]);
    t.fail();
    await t.index.refresh();
    expect(t.index.lookup('resource:default/vpc')).toEqual({
      state: 'not-loaded',
    });
    expect(t.onChange).not.toHaveBeenCalled();
  });

  it('asks again for the consumers it could not get refreshed', async () => {
    const t = setup([block('vpc', '2.1.0')]);
    t.onChange.mockRejectedValueOnce(new Error('database is locked'));
    await t.index.refresh();
    expect(t.index.lookup('resource:default/vpc').state).toBe('contract');
    await t.index.refresh();
    expect(t.onChange).toHaveBeenCalledTimes(2);
    expect(t.onChange).toHaveBeenLastCalledWith([
      'goldpath:contract:resource:default/vpc',
    ]);
    await t.index.refresh();
    expect(t.onChange).toHaveBeenCalledTimes(2);
  });
});
