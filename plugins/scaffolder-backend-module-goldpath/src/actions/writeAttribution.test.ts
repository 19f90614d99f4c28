import { createMockDirectory } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { createTestActionContext } from '../__testUtils__/actionContext';
import { createWriteAttributionAction } from './writeAttribution';

const NOW = new Date('2026-03-02T10:20:30.000Z');
const TEMPLATE_REF = 'template:default/node-service';
const templateInfo = (annotations?: Record<string, string>) => ({
  entityRef: TEMPLATE_REF,
  entity: { metadata: { name: 'node-service', annotations } },
});

const CATALOG_INFO = `# The service created by the template
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout # keep me
  annotations:
    github.com/project-slug: acme/checkout
spec:
  type: service
  lifecycle: experimental
  owner: team-a
---
# The API it provides
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: checkout-api
spec:
  type: openapi
  lifecycle: experimental
  owner: team-a
  definition: "openapi: 3.0.0"
`;

describe('goldpath:attribution:write', () => {
  const mockDir = createMockDirectory();
  const action = createWriteAttributionAction({ now: () => NOW });

  beforeEach(() => mockDir.clear());

  const run = (
    input: { filePath?: string; templateVersion?: string },
    extra: Partial<Parameters<typeof createTestActionContext>[0]> = {},
  ) => {
    const { ctx, outputs } = createTestActionContext({
      input,
      workspacePath: mockDir.path,
      taskId: 'task-42',
      templateInfo: templateInfo({ 'goldpath.dev/template-version': '1.4.0' }),
      user: { ref: 'user:default/jane' },
      ...extra,
    });
    return { promise: action.handler(ctx as any), outputs };
  };

  const annotationsOf = (file: string) =>
    parseAllDocuments(
      fs.readFileSync(path.join(mockDir.path, file), 'utf8'),
    ).map(
      doc => (doc as any).toJS().metadata.annotations as Record<string, string>,
    );

  it('annotates every document, keeping comments and the other fields', async () => {
    mockDir.setContent({ 'catalog-info.yaml': CATALOG_INFO });
    const { promise, outputs } = run({});
    await promise;

    const text = fs.readFileSync(
      path.join(mockDir.path, 'catalog-info.yaml'),
      'utf8',
    );
    expect(text).toContain('# The service created by the template');
    expect(text).toContain('name: checkout # keep me');
    expect(text).toContain('# The API it provides');
    const expected = {
      'goldpath.dev/scaffolded-from': TEMPLATE_REF,
      'goldpath.dev/template-version': '1.4.0',
      'goldpath.dev/scaffolded-at': '2026-03-02T10:20:30.000Z',
      'goldpath.dev/scaffolder-task-id': 'task-42',
    };
    expect(annotationsOf('catalog-info.yaml')).toEqual([
      { 'github.com/project-slug': 'acme/checkout', ...expected },
      expected,
    ]);
    expect(text).not.toContain('user:default/jane');
    const docs = parseAllDocuments(text).map(d => (d as any).toJS());
    expect(docs[1].spec.definition).toBe('openapi: 3.0.0');
    expect(outputs).toEqual({
      templateRef: TEMPLATE_REF,
      templateVersion: '1.4.0',
    });
  });

  it('prefers the templateVersion input and writes another file', async () => {
    mockDir.setContent({
      'svc/catalog-info.yaml':
        'kind: Component\nmetadata:\n  name: a\nspec: {}\n',
    });
    const { promise, outputs } = run({
      filePath: 'svc/catalog-info.yaml',
      templateVersion: '2.0.0',
    });
    await promise;
    expect(annotationsOf('svc/catalog-info.yaml')[0]).toMatchObject({
      'goldpath.dev/template-version': '2.0.0',
    });
    expect(outputs.templateVersion).toBe('2.0.0');
  });

  it('overwrites an attribution that is already there (a re-run)', async () => {
    mockDir.setContent({
      'catalog-info.yaml':
        "kind: Component\nmetadata:\n  name: a\n  annotations:\n    goldpath.dev/template-version: '0.1.0'\n",
    });
    await run({}).promise;
    expect(annotationsOf('catalog-info.yaml')[0]).toMatchObject({
      'goldpath.dev/template-version': '1.4.0',
    });
  });

  it('also runs in a dry run (it only touches the workspace)', async () => {
    mockDir.setContent({ 'catalog-info.yaml': CATALOG_INFO });
    await run({}, { isDryRun: true }).promise;
    expect(annotationsOf('catalog-info.yaml')[1]).toMatchObject({
      'goldpath.dev/scaffolded-from': TEMPLATE_REF,
    });
    expect(action.supportsDryRun).toBe(true);
  });

  it('fails when no version is given nor annotated, and writes nothing', async () => {
    mockDir.setContent({ 'catalog-info.yaml': CATALOG_INFO });
    await expect(
      run({}, { templateInfo: templateInfo({}) }).promise,
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining(
        'set the templateVersion input or the goldpath.dev/template-version annotation on template:default/node-service',
      ),
    });
    expect(
      fs.readFileSync(path.join(mockDir.path, 'catalog-info.yaml'), 'utf8'),
    ).toBe(CATALOG_INFO);
  });

  it('fails without a template', async () => {
    mockDir.setContent({ 'catalog-info.yaml': CATALOG_INFO });
    await expect(
      run({ templateVersion: '1.0.0' }, { templateInfo: undefined }).promise,
    ).rejects.toMatchObject({ name: 'InputError' });
  });

  it('names a missing file', async () => {
    await expect(run({ filePath: 'nope.yaml' }).promise).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('nope.yaml does not exist'),
    });
  });

  it('refuses a path outside the workspace', async () => {
    await expect(run({ filePath: '../outside.yaml' }).promise).rejects.toThrow(
      /outside/i,
    );
  });

  it('names the file and document of malformed YAML, and writes nothing', async () => {
    const broken = `${CATALOG_INFO}---\nkind: Component\nmetadata: [unclosed\n`;
    mockDir.setContent({ 'catalog-info.yaml': broken });
    await expect(run({}).promise).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /^catalog-info\.yaml, document 2 is not valid YAML/,
      ),
    });
    expect(
      fs.readFileSync(path.join(mockDir.path, 'catalog-info.yaml'), 'utf8'),
    ).toBe(broken);
  });

  it('names the document without metadata, and writes nothing', async () => {
    const text = `${CATALOG_INFO}---\nkind: Component\nspec: {}\n`;
    mockDir.setContent({ 'catalog-info.yaml': text });
    await expect(run({}).promise).rejects.toMatchObject({
      name: 'InputError',
      message: 'catalog-info.yaml, document 2 has no metadata mapping',
    });
    expect(
      fs.readFileSync(path.join(mockDir.path, 'catalog-info.yaml'), 'utf8'),
    ).toBe(text);
  });

  it('refuses a file with no entity in it', async () => {
    mockDir.setContent({ 'catalog-info.yaml': '# nothing here\n' });
    await expect(run({}).promise).rejects.toMatchObject({
      name: 'InputError',
      message: 'catalog-info.yaml holds no entity document',
    });
  });
});
