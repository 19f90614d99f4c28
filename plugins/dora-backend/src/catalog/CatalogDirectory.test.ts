import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogDirectory } from './CatalogDirectory';

const component = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', owner: 'team-a' },
});

function create(entities: Entity[]) {
  const catalog = catalogServiceMock({ entities });
  const queryEntities = jest.spyOn(catalog, 'queryEntities');
  const getEntities = jest.spyOn(catalog, 'getEntities');
  const directory = CatalogDirectory.create({
    catalog,
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    ttlMillis: 60_000,
  });
  return { directory, queryEntities, getEntities };
}

describe('CatalogDirectory', () => {
  afterEach(() => jest.restoreAllMocks());

  it('reads the catalog in pages', async () => {
    const entities = Array.from({ length: 1203 }, (_, i) =>
      component(`service-${i}`),
    );
    const { directory, queryEntities, getEntities } = create(entities);
    const read = await directory.get();
    expect(read.services.size).toBe(1203);
    expect(getEntities).not.toHaveBeenCalled();
    expect(queryEntities).toHaveBeenCalledTimes(3);
    for (const [request] of queryEntities.mock.calls) {
      expect(request).toMatchObject({ limit: 500 });
    }
    expect(queryEntities.mock.calls[1][0]).toHaveProperty('cursor');
  });

  it('backs off early reloads while they find nothing new', async () => {
    let now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const { directory, queryEntities } = create([component('checkout')]);
    const reloadsAt = async (seconds: number[]) => {
      const at: number[] = [];
      for (const s of seconds) {
        now = 1_000_000 + s * 1000;
        const before = queryEntities.mock.calls.length;
        await directory.get({ maxAgeMillis: 5_000 });
        if (queryEntities.mock.calls.length > before) at.push(s);
      }
      return at;
    };
    // A webhook identity nobody claims asks for a fresh directory each time:
    // reloads come after 5 s, then 10 s, 20 s, 40 s, then once per TTL.
    expect(
      await reloadsAt([0, 6, 12, 17, 30, 38, 70, 79, 140, 200, 261]),
    ).toEqual([0, 6, 17, 38, 79, 140, 261]);
  });

  it('allows early reloads again once a read finds something new', async () => {
    let now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const entities = [component('checkout')];
    const catalog = catalogServiceMock({ entities });
    const queryEntities = jest.spyOn(catalog, 'queryEntities');
    const directory = CatalogDirectory.create({
      catalog,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      ttlMillis: 60_000,
    });
    await directory.get();
    now += 6_000;
    await directory.get({ maxAgeMillis: 5_000 }); // backoff now 10 s
    // The catalog learns a service: the next read finds it.
    queryEntities.mockImplementationOnce(async () => ({
      items: [component('checkout'), component('payments')],
      totalItems: 0,
      pageInfo: {},
    }));
    now += 11_000;
    expect((await directory.get({ maxAgeMillis: 5_000 })).services.size).toBe(
      2,
    );
    // Found something new: the next early reload may come after 5 s again.
    const calls = queryEntities.mock.calls.length;
    now += 6_000;
    await directory.get({ maxAgeMillis: 5_000 });
    expect(queryEntities.mock.calls.length).toBe(calls + 1);
  });
});
