import fs from 'node:fs';
import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import { parse } from 'yaml';
import {
  repoRoot,
  startTemplateBackend,
  TemplateBackend,
} from './__testUtils__/dryRun';

const TEMPLATE = 'examples/templates/building-block-consumer';
const BLOCK = 'resource:default/postgres-composition';

/** A Terraform module with its contract inline and a secret input. */
const cacheModule: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'cache-module',
    namespace: 'default',
    tags: ['building-block'],
    annotations: {
      'goldpath.dev/module-source':
        'git::https://example.com/modules/cache.git?ref=v1.2.0',
    },
  },
  spec: {
    type: 'terraform-module',
    owner: 'team-platform',
    contract: {
      version: '1.2.0',
      inputs: [
        { name: 'node_count', type: 'integer', required: true },
        { name: 'subnet_ids', type: 'array' },
        { name: 'auth_token', type: 'secret', required: true },
      ],
    },
  },
};

let backend: TemplateBackend;
beforeAll(async () => {
  backend = await startTemplateBackend({ entities: [cacheModule] });
});
afterAll(() => backend?.stop());

const parameters = (blockInputs: Record<string, unknown>) => ({
  name: 'orders-db',
  owner: 'group:default/team-payments',
  block: BLOCK,
  blockInputs: { block: BLOCK, ...blockInputs },
});

// A real scaffolder backend starts in beforeAll: more than Jest's default 5 s
// on a loaded machine.
jest.setTimeout(120_000);

describe('the building-block-consumer template', () => {
  it('generates a consumer of the block with the values, dependsOn and attribution', async () => {
    const result = await backend.dryRun(
      TEMPLATE,
      parameters({
        version: '3.0.0',
        region: 'eu-central-1',
        values: {
          storage_gb: 100,
          engine_version: '15',
          high_availability: true,
        },
      }),
    );
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(200);
    expect(result.steps).toMatchObject({
      validate: 'completed',
      block: 'completed',
      fetch: 'completed',
      'fetch-crossplane': 'completed',
      'fetch-terraform': 'skipped',
      attribution: 'completed',
      publish: 'completed',
      register: 'completed',
      'scaffold-event': 'completed',
    });

    const entity = parse(result.files.get('catalog-info.yaml')!);
    expect(entity).toMatchObject({
      kind: 'Component',
      metadata: {
        name: 'orders-db',
        annotations: {
          'goldpath.dev/built-against': `${BLOCK}@3.0.0`,
          'goldpath.dev/region': 'eu-central-1',
          // A dry run names the template `dry-run`.
          'goldpath.dev/scaffolded-from':
            expect.stringMatching(/^template:default\//),
          'goldpath.dev/template-version': '1.0.0',
        },
      },
      spec: {
        owner: 'group:default/team-payments',
        dependsOn: [BLOCK],
      },
    });
    expect(
      entity.metadata.annotations['goldpath.dev/scaffolded-at'],
    ).toBeDefined();

    const claim = parse(result.files.get('claim.yaml')!);
    expect(claim).toEqual({
      apiVersion: 'platform.goldpath.dev/v1alpha1',
      kind: 'PostgresClaim',
      metadata: {
        name: 'orders-db',
        labels: { 'goldpath.dev/building-block': 'postgres-composition' },
      },
      spec: {
        compositionRef: { name: 'postgres-composition' },
        parameters: {
          region: 'eu-central-1',
          storage_gb: 100,
          engine_version: '15',
          high_availability: true,
        },
        writeConnectionSecretToRef: { name: 'orders-db-connection' },
      },
    });
    expect(result.files.has('main.tf')).toBe(false);
    expect(result.files.get('README.md')).toContain(`\`${BLOCK}\``);
  });

  it('calls a Terraform module, keeping secrets out of the files', async () => {
    const ref = 'resource:default/cache-module';
    const result = await backend.dryRun(TEMPLATE, {
      name: 'orders-cache',
      owner: 'group:default/team-payments',
      block: ref,
      blockInputs: {
        block: ref,
        version: '1.2.0',
        values: {
          node_count: 2,
          subnet_ids: ['subnet-a', 'subnet-b'],
          auth_token: 'tok-do-not-commit',
        },
      },
    });
    expect(result.error).toBeUndefined();
    expect(result.steps).toMatchObject({
      'fetch-crossplane': 'skipped',
      'fetch-terraform': 'completed',
    });
    const main = result.files.get('main.tf')!;
    expect(main).toContain('module "orders_cache" {');
    expect(main).toContain(
      'source = "git::https://example.com/modules/cache.git?ref=v1.2.0"',
    );
    expect(main).toContain('node_count = 2');
    expect(main).toContain('subnet_ids = ["subnet-a","subnet-b"]');
    expect(main).toContain('auth_token = var.auth_token');
    expect(main).toMatch(
      /variable "auth_token" \{\s+type\s+= string\s+sensitive = true/,
    );
    for (const [file, text] of result.files) {
      expect({ file, leaked: text.includes('tok-do-not-commit') }).toEqual({
        file,
        leaked: false,
      });
    }
    const entity = parse(result.files.get('catalog-info.yaml')!);
    expect(entity.metadata.annotations['goldpath.dev/built-against']).toBe(
      `${ref}@1.2.0`,
    );
    // The block runs in any region and none was given: no region annotation.
    expect(entity.metadata.annotations['goldpath.dev/region']).toBeUndefined();
    expect(entity.spec.dependsOn).toEqual([ref]);
  });

  it('checks the contract before any other step', () => {
    const template = parse(
      fs.readFileSync(path.join(repoRoot(), TEMPLATE, 'template.yaml'), 'utf8'),
    );
    expect(
      template.spec.steps.map((s: { action: string }) => s.action),
    ).toEqual([
      'goldpath:contract:validate',
      'catalog:fetch',
      'fetch:template',
      'fetch:template',
      'fetch:template',
      'goldpath:attribution:write',
      'example:publish:local',
      'example:catalog:register-file',
      'goldpath:event:emit',
    ]);
  });

  it('fails before generating anything when a value is outside the contract', async () => {
    const result = await backend.dryRun(
      TEMPLATE,
      parameters({
        version: '3.0.0',
        region: 'ap-south-1',
        values: { storage_gb: 5 },
      }),
    );
    expect(result.status).toBe(400);
    expect(result.error?.name).toBe('InputError');
    expect(result.error?.message).toContain('storage_gb: must be at least 20');
    expect(result.error?.message).toContain(
      'region: must be one of eu-west-1|eu-central-1|us-east-1',
    );
    // The validate step failed the dry run: no step ran after it, so the
    // answer carries no generated files.
    expect(result.error?.message).toMatch(
      /^The values do not satisfy the contract of resource:default\/postgres-composition \(3\.0\.0\): /,
    );
    expect(result.body.directoryContents).toBeUndefined();
    expect(result.files.size).toBe(0);
  });

  it('fails early on a contract version the block no longer accepts', async () => {
    const result = await backend.dryRun(
      TEMPLATE,
      parameters({
        version: '1.0.0',
        region: 'eu-west-1',
        values: { storage_gb: 100 },
      }),
    );
    expect(result.status).toBe(400);
    expect(result.error?.message).toContain(
      'version: 1.0.0 is not compatible with the current contract',
    );
    expect(result.files.size).toBe(0);
  });
});
