import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import { Contract } from '@goldpath/plugin-catalog-common';
import fs from 'node:fs';
import {
  FILE_LOCATION,
  TestProcessorCache,
  URL_LOCATION,
  collector,
  entity,
} from '../__testUtils__/processing';
import { BlockContracts, BlockLookup } from '../sources/BlockContractIndex';
import { ContractFileReader } from './ContractFileReader';
import { GoldpathContractProcessor } from './GoldpathContractProcessor';

/** A block map with fixed content, as the index serves it once loaded. */
function blocks(
  known: Record<string, Contract | null>,
  loaded = true,
): BlockContracts & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    lookup(ref: string): BlockLookup {
      asked.push(ref);
      if (!loaded) return { state: 'not-loaded' };
      if (!(ref in known)) return { state: 'unknown' };
      const contract = known[ref];
      return contract
        ? { state: 'contract', contract }
        : { state: 'no-contract' };
    },
  };
}

const CONTRACT = {
  version: '2.1.0',
  inputs: [{ name: 'cidr', type: 'string', required: true }],
  constraints: { regions: ['eu-west-1', 'eu-central-1'] },
  cost: { bucket: 'low' },
};

const NORMALISED = {
  version: '2.1.0',
  inputs: [{ name: 'cidr', type: 'string', required: true }],
  outputs: [],
  constraints: { regions: ['eu-west-1', 'eu-central-1'] },
  cost: { bucket: 'low' },
};

function processor(options: {
  known?: Record<string, Contract | null>;
  loaded?: boolean;
  reader?: ReturnType<typeof mockServices.urlReader.mock>;
}) {
  const map = blocks(options.known ?? {}, options.loaded ?? true);
  const reader = options.reader ?? mockServices.urlReader.mock();
  return {
    map,
    reader,
    processor: GoldpathContractProcessor.create({
      files: ContractFileReader.fromConfig(new ConfigReader({}), { reader }),
      blocks: map,
    }),
  };
}

describe('GoldpathContractProcessor', () => {
  it('has a stable name', () => {
    expect(processor({}).processor.getProcessorName()).toBe(
      'GoldpathContractProcessor',
    );
  });

  describe('blocks with an inline contract', () => {
    it('writes the normalised contract and the computed annotations', async () => {
      const { emit, results } = collector();
      const result = await processor({}).processor.postProcessEntity(
        entity('Resource', 'vpc', {
          spec: { type: 'vpc', owner: 'team-a', contract: CONTRACT },
        }),
        FILE_LOCATION,
        emit,
        new TestProcessorCache(),
      );
      expect(results()).toEqual([]);
      expect(result.spec?.contract).toEqual(NORMALISED);
      expect(result.metadata.annotations).toEqual({
        'goldpath.dev/contract-version': '2.1.0',
        'goldpath.dev/regions': 'eu-west-1,eu-central-1',
        'goldpath.dev/cost-bucket': 'low',
      });
    });

    it('writes no regions or cost bucket the contract does not state', async () => {
      const { emit } = collector();
      const result = await processor({}).processor.postProcessEntity(
        entity('Template', 'node-service', {
          annotations: {
            'goldpath.dev/regions': 'everywhere',
            'goldpath.dev/cost-bucket': 'free',
          },
          spec: { type: 'service', steps: [], contract: { version: '1.0.0' } },
        }),
        FILE_LOCATION,
        emit,
        new TestProcessorCache(),
      );
      expect(result.metadata.annotations).toEqual({
        'goldpath.dev/contract-version': '1.0.0',
      });
      expect(result.spec?.contract).toEqual({
        version: '1.0.0',
        inputs: [],
        outputs: [],
      });
    });

    it('reports each problem as a processing error naming the field', async () => {
      const { emit, errors } = collector();
      await processor({}).processor.postProcessEntity(
        entity('Component', 'api', {
          spec: {
            type: 'service',
            owner: 'a',
            lifecycle: 'production',
            contract: {
              version: '2.1',
              inputs: [
                { name: 'a', type: 'string' },
                { name: 'b', type: 'string' },
                { name: 'c', type: 'text' },
              ],
            },
          },
        }),
        FILE_LOCATION,
        emit,
        new TestProcessorCache(),
      );
      expect(errors()).toEqual([
        {
          name: 'InputError',
          message:
            'spec.contract.version: expected a semantic version such as 1.4.0',
        },
        {
          name: 'InputError',
          message:
            'spec.contract.inputs[2].type: expected one of string|number|integer|boolean|array|object|map|secret',
        },
      ]);
    });

    it('caps the errors of a very broken contract', async () => {
      const { emit, errors } = collector();
      const inputs = Array.from({ length: 30 }, (_, i) => ({
        name: `i${i}`,
        type: 'text',
      }));
      await processor({}).processor.postProcessEntity(
        entity('Resource', 'x', {
          spec: {
            type: 't',
            owner: 'a',
            contract: { version: '1.0.0', inputs },
          },
        }),
        FILE_LOCATION,
        emit,
        new TestProcessorCache(),
      );
      const messages = errors().map(e => e.message);
      expect(messages).toHaveLength(20);
      expect(messages[19]).toMatch(
        /^spec\.contract\.inputs\[19\]\.type: .* \(and 10 more problems\)$/,
      );
    });

    it('ignores contracts on kinds that are no building blocks, and drops computed values', async () => {
      const { emit, results } = collector();
      const result = await processor({}).processor.postProcessEntity(
        entity('System', 'payments', {
          annotations: {
            'goldpath.dev/contract-version': '9.9.9',
            'goldpath.dev/compatibility': 'ok',
            'goldpath.dev/compatibility-issues': '[]',
            'example.com/keep': 'yes',
          },
          spec: { owner: 'a', contract: { version: 'not checked' } },
        }),
        FILE_LOCATION,
        emit,
        new TestProcessorCache(),
      );
      expect(results()).toEqual([]);
      expect(result.metadata.annotations).toEqual({
        'example.com/keep': 'yes',
      });
    });

    it('replaces an author-written contract version with the computed one', async () => {
      const { emit } = collector();
      const result = await processor({}).processor.postProcessEntity(
        entity('Resource', 'vpc', {
          annotations: { 'goldpath.dev/contract-version': '99.0.0' },
          spec: { type: 'vpc', owner: 'a', contract: { version: '1.2.3' } },
        }),
        FILE_LOCATION,
        emit,
        new TestProcessorCache(),
      );
      expect(
        result.metadata.annotations?.['goldpath.dev/contract-version'],
      ).toBe('1.2.3');
    });

    it('refuses a contract set both inline and in a file', async () => {
      const { emit, errors } = collector();
      await processor({}).processor.postProcessEntity(
        entity('Resource', 'vpc', {
          annotations: { 'goldpath.dev/contract': './contract.yaml' },
          spec: { type: 'vpc', owner: 'a', contract: CONTRACT },
        }),
        FILE_LOCATION,
        emit,
        new TestProcessorCache(),
      );
      expect(errors()).toEqual([
        {
          name: 'InputError',
          message:
            'spec.contract: set both inline and in a file (goldpath.dev/contract: ./contract.yaml); keep one',
        },
      ]);
    });
  });

  describe('contract files next to a file location', () => {
    const outside = createMockDirectory({
      content: { 'secret.yaml': 'version: 1.0.0\n' },
    });
    const dir = createMockDirectory({
      content: {
        'catalog/catalog-info.yaml': '# the entity',
        'catalog/contract.yaml':
          'version: 2.1.0\nconstraints:\n  regions: [eu-west-1]\n',
        'catalog/contract.json': JSON.stringify({
          version: '3.0.0',
          cost: { bucket: 'high' },
        }),
        'catalog/two.yaml': 'version: 1.0.0\n---\nversion: 2.0.0\n',
        'catalog/broken.yaml': 'version: 1.0.0\n  inputs: [\n',
        'catalog/invalid.yaml':
          'version: 1.0.0\ninputs:\n  - name: a\n    type: text\n',
        'catalog/nested/deep.yaml': 'version: 4.0.0\n',
        'catalog/empty.yaml': '',
        'sibling.yaml': 'version: 1.0.0\n',
      },
    });
    const location = {
      type: 'file',
      target: dir.resolve('catalog/catalog-info.yaml'),
    };

    beforeAll(() => {
      fs.symlinkSync(
        outside.resolve('secret.yaml'),
        dir.resolve('catalog/link.yaml'),
      );
    });

    const run = async (file: string) => {
      const c = collector();
      const result = await processor({}).processor.postProcessEntity(
        entity('Resource', 'vpc', {
          annotations: { 'goldpath.dev/contract': file },
          spec: { type: 'vpc', owner: 'a' },
        }),
        location,
        c.emit,
        new TestProcessorCache(),
      );
      return { ...c, result };
    };

    it('reads a YAML contract from the entity folder', async () => {
      const { result, errors, ofType } = await run('./contract.yaml');
      expect(errors()).toEqual([]);
      expect(ofType('refresh')).toEqual([
        {
          type: 'refresh',
          key: `file:${dir.resolve('catalog/contract.yaml')}`,
        },
      ]);
      expect(result.spec?.contract).toEqual({
        version: '2.1.0',
        inputs: [],
        outputs: [],
        constraints: { regions: ['eu-west-1'] },
      });
      expect(result.metadata.annotations).toEqual({
        'goldpath.dev/contract': './contract.yaml',
        'goldpath.dev/contract-version': '2.1.0',
        'goldpath.dev/regions': 'eu-west-1',
      });
    });

    it('reads JSON and sub-folders', async () => {
      expect(
        (await run('contract.json')).result.metadata.annotations,
      ).toMatchObject({
        'goldpath.dev/contract-version': '3.0.0',
        'goldpath.dev/cost-bucket': 'high',
      });
      expect(
        (await run('nested/deep.yaml')).result.spec?.contract,
      ).toMatchObject({
        version: '4.0.0',
      });
    });

    it.each([
      ['../sibling.yaml'],
      ['nested/../../sibling.yaml'],
      ['/etc/passwd'],
      ['./link.yaml'],
    ])('refuses %s, which leaves the folder', async file => {
      const { errors, result } = await run(file);
      expect(errors()).toEqual([
        {
          name: 'InputError',
          message: `goldpath.dev/contract: ${file} is outside the folder of the entity's catalog file (${dir.resolve(
            'catalog',
          )})`,
        },
      ]);
      expect(result.spec?.contract).toBeUndefined();
      expect(
        result.metadata.annotations?.['goldpath.dev/contract-version'],
      ).toBeUndefined();
    });

    it('reports a missing file as not found', async () => {
      expect((await run('missing.yaml')).errors()).toEqual([
        {
          name: 'NotFoundError',
          message: `goldpath.dev/contract: missing.yaml does not exist (${dir.resolve(
            'catalog/missing.yaml',
          )})`,
        },
      ]);
    });

    it.each([
      [
        'two.yaml',
        'goldpath.dev/contract: two.yaml must hold exactly one YAML or JSON document, found 2',
      ],
      [
        'empty.yaml',
        'goldpath.dev/contract: empty.yaml must hold exactly one YAML or JSON document, found 0',
      ],
      ['nested', 'goldpath.dev/contract: nested is not a file'],
    ])('refuses %s', async (file, message) => {
      expect((await run(file)).errors()).toEqual([
        { name: 'InputError', message },
      ]);
    });

    it('refuses a file that is not YAML', async () => {
      const [error] = (await run('broken.yaml')).errors();
      expect(error.name).toBe('InputError');
      expect(error.message).toMatch(
        /^goldpath\.dev\/contract: broken\.yaml is not valid YAML or JSON: /,
      );
    });

    it('names the field and the file of a contract that fails its schema', async () => {
      expect((await run('invalid.yaml')).errors()).toEqual([
        {
          name: 'InputError',
          message:
            'spec.contract.inputs[0].type: expected one of string|number|integer|boolean|array|object|map|secret (in invalid.yaml, named by goldpath.dev/contract)',
        },
      ]);
    });

    it('refuses an empty annotation', async () => {
      expect((await run('  ')).errors()).toEqual([
        {
          name: 'InputError',
          message:
            'goldpath.dev/contract: expected a path to the contract file, got an empty value',
        },
      ]);
    });

    it('refuses files larger than 1 MiB', async () => {
      dir.addContent({
        'catalog/huge.yaml': `version: 1.0.0\ndescription: "${'x'.repeat(
          1024 * 1024,
        )}"\n`,
      });
      expect((await run('huge.yaml')).errors()).toEqual([
        {
          name: 'InputError',
          message:
            'goldpath.dev/contract: huge.yaml is larger than 1048576 bytes',
        },
      ]);
    });
  });

  describe('contract files next to a url location', () => {
    const yamlResponse = (text: string, etag?: string) => ({
      buffer: async () => Buffer.from(text),
      etag,
    });

    const block = (file: string) =>
      entity('Resource', 'vpc', {
        annotations: { 'goldpath.dev/contract': file },
        spec: { type: 'vpc', owner: 'a' },
      });

    it('resolves against the location, reads with the etag of the last read, replays when unchanged', async () => {
      const reader = mockServices.urlReader.mock();
      reader.readUrl.mockResolvedValueOnce(
        yamlResponse('version: 2.1.0\n', 'etag-1') as any,
      );
      const { processor: p } = processor({ reader });
      const cache = new TestProcessorCache();
      const first = collector();
      const r1 = await p.postProcessEntity(
        block('./contract.yaml'),
        URL_LOCATION,
        first.emit,
        cache,
      );
      const url = 'https://github.com/acme/vpc/tree/main/contract.yaml';
      expect(reader.readUrl).toHaveBeenLastCalledWith(url, { etag: undefined });
      expect(first.ofType('refresh')).toEqual([
        { type: 'refresh', key: `url:${url}` },
      ]);
      expect(r1.metadata.annotations?.['goldpath.dev/contract-version']).toBe(
        '2.1.0',
      );

      cache.nextRun();
      reader.readUrl.mockRejectedValueOnce(new NotModifiedError('unchanged'));
      const second = collector();
      const r2 = await p.postProcessEntity(
        block('./contract.yaml'),
        URL_LOCATION,
        second.emit,
        cache,
      );
      expect(reader.readUrl).toHaveBeenLastCalledWith(url, { etag: 'etag-1' });
      expect(second.errors()).toEqual([]);
      expect(r2.spec?.contract).toEqual({
        version: '2.1.0',
        inputs: [],
        outputs: [],
      });

      // Replayed and stored again, so the run after still has the etag.
      cache.nextRun();
      reader.readUrl.mockResolvedValueOnce(
        yamlResponse('version: 2.2.0\n', 'etag-2') as any,
      );
      const r3 = await p.postProcessEntity(
        block('./contract.yaml'),
        URL_LOCATION,
        collector().emit,
        cache,
      );
      expect(reader.readUrl).toHaveBeenLastCalledWith(url, { etag: 'etag-1' });
      expect(r3.metadata.annotations?.['goldpath.dev/contract-version']).toBe(
        '2.2.0',
      );
    });

    it('does not send an etag of another file', async () => {
      const reader = mockServices.urlReader.mock();
      reader.readUrl.mockResolvedValue(
        yamlResponse('version: 1.0.0\n', 'e') as any,
      );
      const { processor: p } = processor({ reader });
      const cache = new TestProcessorCache();
      await p.postProcessEntity(
        block('a.yaml'),
        URL_LOCATION,
        collector().emit,
        cache,
      );
      cache.nextRun();
      await p.postProcessEntity(
        block('b.yaml'),
        URL_LOCATION,
        collector().emit,
        cache,
      );
      expect(reader.readUrl).toHaveBeenLastCalledWith(
        'https://github.com/acme/vpc/tree/main/b.yaml',
        { etag: undefined },
      );
    });

    it('refuses a file in another repository without reading it', async () => {
      const reader = mockServices.urlReader.mock();
      const { processor: p } = processor({ reader });
      const c = collector();
      await p.postProcessEntity(
        block('https://github.com/other/repo/blob/main/contract.yaml'),
        URL_LOCATION,
        c.emit,
        new TestProcessorCache(),
      );
      expect(reader.readUrl).not.toHaveBeenCalled();
      expect(c.errors()).toEqual([
        {
          name: 'InputError',
          message:
            'goldpath.dev/contract: https://github.com/other/repo/blob/main/contract.yaml cannot be read: it is in another repository than the entity',
        },
      ]);
    });

    it('maps a missing file to not found and other failures to a general error', async () => {
      const reader = mockServices.urlReader.mock();
      reader.readUrl.mockRejectedValueOnce(new NotFoundError('404'));
      reader.readUrl.mockRejectedValueOnce(new Error('rate limited'));
      const { processor: p } = processor({ reader });
      const a = collector();
      await p.postProcessEntity(
        block('contract.yaml'),
        URL_LOCATION,
        a.emit,
        new TestProcessorCache(),
      );
      const b = collector();
      await p.postProcessEntity(
        block('contract.yaml'),
        URL_LOCATION,
        b.emit,
        new TestProcessorCache(),
      );
      expect(a.errors()).toEqual([
        {
          name: 'NotFoundError',
          message:
            'goldpath.dev/contract: contract.yaml does not exist (https://github.com/acme/vpc/tree/main/contract.yaml)',
        },
      ]);
      expect(b.errors()).toEqual([
        {
          name: 'Error',
          message:
            'goldpath.dev/contract: contract.yaml could not be read from https://github.com/acme/vpc/tree/main/contract.yaml: rate limited',
        },
      ]);
    });

    it('refuses other location types', async () => {
      const c = collector();
      await processor({}).processor.postProcessEntity(
        block('contract.yaml'),
        { type: 'github-org', target: 'https://github.com/acme' },
        c.emit,
        new TestProcessorCache(),
      );
      expect(c.errors()).toEqual([
        {
          name: 'InputError',
          message:
            'goldpath.dev/contract: contract.yaml cannot be read next to a location of type github-org; put the contract in spec.contract instead',
        },
      ]);
    });
  });

  describe('consumers', () => {
    const vpc = (over: Partial<Contract> = {}): Contract => ({
      version: '3.0.0',
      inputs: [],
      outputs: [],
      constraints: { regions: ['eu-west-1'] },
      compatibility: [{ version: '3.0.0', compatibleWith: ['^2.1.0'] }],
      ...over,
    });
    const consumer = (
      annotations: Record<string, string>,
      namespace?: string,
    ) => entity('Component', 'checkout', { annotations, namespace });

    it('is ok when every block accepts the version and region', async () => {
      const { processor: p, map } = processor({
        known: { 'resource:default/vpc': vpc() },
      });
      const c = collector();
      const result = await p.postProcessEntity(
        consumer({
          'goldpath.dev/built-against': 'vpc@2.4.0',
          'goldpath.dev/region': 'eu-west-1',
          'goldpath.dev/compatibility': 'mismatch',
          'goldpath.dev/compatibility-issues': '[{"made":"up"}]',
        }),
        FILE_LOCATION,
        c.emit,
        new TestProcessorCache(),
      );
      expect(map.asked).toEqual(['resource:default/vpc']);
      expect(c.results()).toEqual([
        { type: 'refresh', key: 'goldpath:contract:resource:default/vpc' },
      ]);
      expect(result.metadata.annotations).toEqual({
        'goldpath.dev/built-against': 'vpc@2.4.0',
        'goldpath.dev/region': 'eu-west-1',
        'goldpath.dev/compatibility': 'ok',
      });
    });

    it('reports version and region mismatches as annotations, never as errors', async () => {
      const { processor: p } = processor({
        known: {
          'resource:default/vpc': vpc(),
          'resource:payments/pg': vpc({
            version: '1.0.0',
            compatibility: undefined,
          }),
        },
      });
      const c = collector();
      const result = await p.postProcessEntity(
        consumer(
          {
            'goldpath.dev/built-against':
              'resource:default/vpc@2.0.0, pg@1.0.0',
            'goldpath.dev/region': 'us-east-1',
          },
          'payments',
        ),
        FILE_LOCATION,
        c.emit,
        new TestProcessorCache(),
      );
      expect(c.errors()).toEqual([]);
      expect(c.ofType('refresh')).toEqual([
        { type: 'refresh', key: 'goldpath:contract:resource:default/vpc' },
        { type: 'refresh', key: 'goldpath:contract:resource:payments/pg' },
      ]);
      expect(result.metadata.annotations?.['goldpath.dev/compatibility']).toBe(
        'mismatch',
      );
      expect(
        JSON.parse(
          result.metadata.annotations!['goldpath.dev/compatibility-issues'],
        ),
      ).toEqual([
        {
          block: 'resource:default/vpc',
          kind: 'version',
          message:
            'built against 2.0.0, but resource:default/vpc is at contract 3.0.0, and no compatibility row for 3.0.0 accepts 2.0.0',
        },
        {
          block: 'resource:default/vpc',
          kind: 'region',
          message:
            'runs in us-east-1, but resource:default/vpc supports only eu-west-1',
        },
        {
          block: 'resource:payments/pg',
          kind: 'region',
          message:
            'runs in us-east-1, but resource:payments/pg supports only eu-west-1',
        },
      ]);
    });

    it('is unknown for unknown blocks, blocks without a contract and unreadable entries', async () => {
      const { processor: p } = processor({
        known: { 'resource:default/bare': null },
      });
      const c = collector();
      const result = await p.postProcessEntity(
        consumer({
          'goldpath.dev/built-against': 'ghost@1.0.0, bare@1.0.0, vpc@latest',
        }),
        FILE_LOCATION,
        c.emit,
        new TestProcessorCache(),
      );
      expect(result.metadata.annotations?.['goldpath.dev/compatibility']).toBe(
        'unknown',
      );
      expect(
        JSON.parse(
          result.metadata.annotations!['goldpath.dev/compatibility-issues'],
        ),
      ).toEqual([
        {
          block: 'vpc@latest',
          kind: 'unknown-block',
          message:
            'goldpath.dev/built-against: vpc@latest: latest is not a semantic version',
        },
        {
          block: 'resource:default/ghost',
          kind: 'unknown-block',
          message: 'resource:default/ghost is not in the catalog',
        },
        {
          block: 'resource:default/bare',
          kind: 'no-contract',
          message: 'resource:default/bare has no valid contract',
        },
      ]);
    });

    it('until the block map is loaded, replays the last answer, else says unknown', async () => {
      const cache = new TestProcessorCache();
      const loaded = processor({
        known: { 'resource:default/vpc': vpc() },
      }).processor;
      const annotations = { 'goldpath.dev/built-against': 'vpc@1.0.0' };
      const first = await loaded.postProcessEntity(
        consumer(annotations),
        FILE_LOCATION,
        collector().emit,
        cache,
      );
      expect(first.metadata.annotations?.['goldpath.dev/compatibility']).toBe(
        'mismatch',
      );

      cache.nextRun();
      const notLoaded = processor({ loaded: false }).processor;
      const c = collector();
      const replayed = await notLoaded.postProcessEntity(
        consumer(annotations),
        FILE_LOCATION,
        c.emit,
        cache,
      );
      expect(replayed.metadata.annotations).toEqual(first.metadata.annotations);
      expect(c.ofType('refresh')).toEqual([
        { type: 'refresh', key: 'goldpath:contract:resource:default/vpc' },
      ]);

      // Stored again: a second run before the load still replays it.
      cache.nextRun();
      const again = await notLoaded.postProcessEntity(
        consumer(annotations),
        FILE_LOCATION,
        collector().emit,
        cache,
      );
      expect(again.metadata.annotations).toEqual(first.metadata.annotations);

      const fresh = await notLoaded.postProcessEntity(
        consumer(annotations),
        FILE_LOCATION,
        collector().emit,
        new TestProcessorCache(),
      );
      expect(fresh.metadata.annotations).toEqual({
        'goldpath.dev/built-against': 'vpc@1.0.0',
        'goldpath.dev/compatibility': 'unknown',
      });
    });

    it('checks a block that is a consumer too, and skips a self-reference', async () => {
      const { processor: p, map } = processor({
        known: { 'resource:default/vpc': vpc() },
      });
      const result = await p.postProcessEntity(
        entity('Resource', 'app-network', {
          annotations: {
            'goldpath.dev/built-against': 'vpc@3.0.0, app-network@1.0.0',
          },
          spec: { type: 'network', owner: 'a', contract: { version: '1.0.0' } },
        }),
        FILE_LOCATION,
        collector().emit,
        new TestProcessorCache(),
      );
      expect(map.asked).toEqual(['resource:default/vpc']);
      expect(result.metadata.annotations).toEqual({
        'goldpath.dev/built-against': 'vpc@3.0.0, app-network@1.0.0',
        'goldpath.dev/contract-version': '1.0.0',
        'goldpath.dev/compatibility': 'ok',
      });
    });
  });

  it('keeps the input entity unchanged', async () => {
    const input = entity('Resource', 'vpc', {
      annotations: { 'goldpath.dev/contract-version': 'x' },
      spec: { type: 'vpc', owner: 'a', contract: CONTRACT },
    });
    const copy = structuredClone(input);
    await processor({}).processor.postProcessEntity(
      input,
      FILE_LOCATION,
      collector().emit,
      new TestProcessorCache(),
    );
    expect(input).toEqual(copy);
  });
});
