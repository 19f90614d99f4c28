import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { parseBuiltAgainst } from '@goldpath/plugin-catalog-common';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { TestProcessorCache, collector } from '../__testUtils__/processing';
import { ContractFileReader } from './ContractFileReader';
import { GoldpathContractProcessor } from './GoldpathContractProcessor';

/** The repository's own example catalog (not third-party payloads). */
const EXAMPLES = path.resolve(__dirname, '../../../../examples');

/** The example's catalog files; template skeletons are nunjucks, not entities. */
function catalogFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(d => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'skeleton' ? [] : catalogFiles(full);
    return /\.ya?ml$/.test(d.name) && !/contract\.ya?ml$/.test(d.name)
      ? [full]
      : [];
  });
}

const entities = catalogFiles(EXAMPLES).flatMap(file =>
  yaml
    .parseAllDocuments(fs.readFileSync(file, 'utf-8'))
    .map(d => ({ file, entity: d.toJSON() as Entity }))
    .filter(({ entity }) => entity?.kind && entity.metadata?.name),
);
const label = ({ file, entity }: { file: string; entity: Entity }) =>
  `${path.relative(EXAMPLES, file)}: ${entity.metadata.name}`;

const blocks = entities.filter(
  ({ entity: e }) =>
    e.spec?.contract !== undefined ||
    e.metadata.annotations?.['goldpath.dev/contract'] !== undefined,
);
const consumers = entities.filter(
  ({ entity: e }) => e.metadata.annotations?.['goldpath.dev/built-against'],
);

const describeIfExamples = blocks.length ? describe : describe.skip;

describeIfExamples('the example catalog', () => {
  const processor = GoldpathContractProcessor.create({
    files: ContractFileReader.fromConfig(new ConfigReader({}), {
      reader: mockServices.urlReader.mock(),
    }),
    blocks: { lookup: () => ({ state: 'unknown' }) },
  });

  it.each(blocks.map(b => [label(b), b] as const))(
    '%s has a valid contract',
    async (_name, { file, entity }) => {
      const c = collector();
      const result = await processor.postProcessEntity(
        entity,
        { type: 'file', target: file },
        c.emit,
        new TestProcessorCache(),
      );
      expect(c.errors()).toEqual([]);
      expect(
        result.metadata.annotations?.['goldpath.dev/contract-version'],
      ).toMatch(/^\d+\.\d+\.\d+/);
    },
  );

  it.each(consumers.map(c => [label(c), c] as const))(
    '%s names its blocks readably',
    (_name, { entity }) => {
      const parsed = parseBuiltAgainst(
        entity.metadata.annotations!['goldpath.dev/built-against'],
      );
      expect(parsed.invalid).toEqual([]);
      expect(parsed.entries.length).toBeGreaterThan(0);
    },
  );
});
