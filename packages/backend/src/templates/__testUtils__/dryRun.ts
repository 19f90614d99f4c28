/*
 * Test utility for the example templates: a real scaffolder backend (with
 * Goldpath's actions, the example's offline publishing and the dora backend)
 * and a dry run of a template folder, the way the template editor runs one.
 */

import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderGithubModule from '@backstage/plugin-scaffolder-backend-module-github';
import doraPlugin from '@goldpath/plugin-dora-backend';
import scaffolderModuleGoldpath from '@goldpath/plugin-scaffolder-backend-module-goldpath';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { parse, parseAllDocuments } from 'yaml';
import localPublishModule from '../../demo/localPublish';

export interface DryRunResult {
  /** HTTP status of POST /api/scaffolder/v2/dry-run */
  status: number;
  /** The raw response body */
  body: any;
  /** Generated directoryContents: path -> utf8 text */
  files: Map<string, string>;
  /** stepId -> last status ('completed' | 'failed' | 'skipped' ...) */
  steps: Record<string, string>;
  /**
   * The error of a failed dry run. A step's error is the backend's
   * `{ name, message }`; a parameter that does not match the template's
   * schema (answered as `{ errors: [...] }`) becomes name `ValidationError`
   * with every schema error's text, one per line.
   */
  error?: { name: string; message: string };
}

export interface TemplateBackend {
  dryRun(
    templateDir: string,
    values: Record<string, unknown>,
  ): Promise<DryRunResult>;
  stop(): Promise<void>;
}

/** The repository root: the nearest folder above this file with backstage.json. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'backstage.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`no backstage.json above ${__dirname}`);
    }
    dir = parent;
  }
  return dir;
}

function listFiles(dir: string, base = dir): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap(d => {
      const full = path.join(dir, d.name);
      if (d.isDirectory()) return listFiles(full, base);
      return d.isFile() ? [path.relative(base, full)] : [];
    })
    .sort();
}

function isEntity(doc: any): doc is Entity {
  return (
    !!doc &&
    typeof doc === 'object' &&
    typeof doc.apiVersion === 'string' &&
    typeof doc.kind === 'string' &&
    typeof doc.metadata?.name === 'string'
  );
}

/** The example's entities: examples/entities.yaml, org.yaml and every building block. */
export function exampleEntities(): Entity[] {
  const root = repoRoot();
  const examples = path.join(root, 'examples');
  const files = [
    path.join(examples, 'entities.yaml'),
    path.join(examples, 'org.yaml'),
    ...listFiles(path.join(examples, 'building-blocks'))
      .filter(f => /\.ya?ml$/.test(f))
      .map(f => path.join(examples, 'building-blocks', f)),
  ].filter(f => fs.existsSync(f));
  return files.flatMap(file =>
    parseAllDocuments(fs.readFileSync(file, 'utf8'))
      .map(d => d.toJS())
      .filter(isEntity)
      .map(e => ({
        ...e,
        metadata: { namespace: 'default', ...e.metadata },
      })),
  );
}

/**
 * startTestBackend with scaffolder-backend (and its GitHub module, as in the
 * example backend), the @goldpath scaffolder module,
 * the example localPublishModule, the dora backend, and a catalog mock holding
 * the given entities plus examples/building-blocks, entities.yaml and org.yaml.
 */
export async function startTemplateBackend(options?: {
  entities?: Entity[];
}): Promise<TemplateBackend> {
  const root = repoRoot();
  const publishDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'goldpath-template-test-'),
  );
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      // publish:github (and the other GitHub actions), as in the example backend.
      scaffolderGithubModule,
      scaffolderModuleGoldpath,
      localPublishModule,
      doraPlugin,
      catalogServiceMock.factory({
        entities: [...(options?.entities ?? []), ...exampleEntities()],
      }),
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:7007' },
          goldpath: { example: { publishDir } },
        },
      }),
    ],
  });

  return {
    async dryRun(templateDir, values) {
      const dir = path.resolve(root, templateDir);
      const template = parse(
        fs.readFileSync(path.join(dir, 'template.yaml'), 'utf8'),
      );
      const directoryContents = listFiles(dir).map(file => ({
        path: file.split(path.sep).join('/'),
        base64Content: fs.readFileSync(path.join(dir, file)).toString('base64'),
      }));
      const res = await request(backend.server)
        .post('/api/scaffolder/v2/dry-run')
        .auth(mockCredentials.user.token(), { type: 'bearer' })
        .send({ template, values, directoryContents });

      const body = res.body ?? {};
      const files = new Map<string, string>(
        (
          (body.directoryContents ?? []) as Array<{
            path: string;
            base64Content: string;
          }>
        ).map(f => [
          f.path,
          Buffer.from(f.base64Content, 'base64').toString('utf8'),
        ]),
      );
      const steps: Record<string, string> = {};
      for (const entry of (body.log ?? []) as Array<{
        body: { stepId?: string; status?: string };
      }>) {
        if (entry.body?.stepId && entry.body.status) {
          steps[entry.body.stepId] = entry.body.status;
        }
      }
      let error: DryRunResult['error'];
      if (body.error) {
        error = {
          name: String(body.error.name),
          message: String(body.error.message),
        };
      } else if (Array.isArray(body.errors)) {
        error = {
          name: 'ValidationError',
          message: (body.errors as Array<{ stack?: string; message?: string }>)
            .map(e => e.stack ?? e.message ?? String(e))
            .join('\n'),
        };
      }
      return { status: res.status, body, files, steps, error };
    },
    async stop() {
      await backend.stop();
      fs.rmSync(publishDir, { recursive: true, force: true });
    },
  };
}
