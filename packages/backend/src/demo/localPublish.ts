/*
 * EXAMPLE ONLY: offline stand-ins for `publish:github` and `catalog:register`,
 * so the example's golden-path templates run end to end on a laptop with no
 * git host. Not part of any Goldpath package; a real installation publishes
 * with its git host's action (`publish:github`, `publish:gitlab`, …) and
 * registers with `catalog:register`.
 *
 * - `example:publish:local` copies the workspace to
 *   `<goldpath.example.publishDir>/<repoName>` (default `.cache/published` at
 *   the repository root), all or nothing: it writes a temporary sibling folder
 *   and renames it, and refuses a name that is already published.
 * - `example:catalog:register-file` registers that folder's
 *   `catalog-info.yaml` as a `file` location. The catalog accepts `file`
 *   registrations only because `localFileLocationsModule` (below) allows them;
 *   never allow that where users are not trusted with the backend's disk.
 */
import {
  coreServices,
  createBackendModule,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import {
  catalogLocationsExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import {
  createTemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const REPO_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/** The repository root: the nearest folder up from here with backstage.json. */
function repoRoot(): string {
  let dir = process.cwd();
  for (;;) {
    if (existsSync(path.join(dir, 'backstage.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** Where published repositories go (absolute). */
export function publishDirOf(config: Config): string {
  const configured = config.getOptionalString('goldpath.example.publishDir');
  return path.resolve(
    repoRoot(),
    configured ?? path.join('.cache', 'published'),
  );
}

/** The entities of a catalog file, with a clear error for a broken one. */
async function readEntities(file: string, label: string): Promise<Entity[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new InputError(`${label}: no catalog-info.yaml at ${file}`);
  }
  const entities: Entity[] = [];
  for (const [index, doc] of parseAllDocuments(text).entries()) {
    if (doc.errors.length > 0) {
      throw new InputError(
        `${label}: document ${
          index + 1
        } of catalog-info.yaml is not valid YAML: ${doc.errors[0].message}`,
      );
    }
    const value = doc.toJS();
    if (value && typeof value === 'object' && value.kind && value.metadata) {
      entities.push(value as Entity);
    }
  }
  if (entities.length === 0) {
    throw new InputError(`${label}: catalog-info.yaml holds no entity`);
  }
  return entities;
}

/** The entity a template created: its Component, else its first entity. */
function mainEntityRef(entities: Entity[]): string {
  const main =
    entities.find(e => e.kind.toLocaleLowerCase('en-US') === 'component') ??
    entities[0];
  return stringifyEntityRef(main);
}

export function createLocalPublishAction(options: { publishDir: string }) {
  return createTemplateAction({
    id: 'example:publish:local',
    description:
      'EXAMPLE ONLY: publishes the workspace to a folder on the backend host (an offline stand-in for publish:github).',
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z =>
          z
            .string()
            .regex(REPO_NAME, 'lower-case letters, digits, ".", "_" and "-"')
            .describe('The folder name of the published repository'),
        description: z =>
          z.string().optional().describe('Shown in the published README'),
      },
      output: {
        remoteUrl: z => z.string().describe('file:// URL of the folder'),
        repoContentsUrl: z => z.string().describe('Same as remoteUrl'),
        catalogInfoPath: z =>
          z.string().describe('Absolute path of the catalog-info.yaml'),
      },
    },
    async handler(ctx) {
      const target = resolveSafeChildPath(
        options.publishDir,
        ctx.input.repoName,
      );
      const catalogInfoPath = path.join(target, 'catalog-info.yaml');
      const url = `file://${target}`;
      if (!ctx.isDryRun) {
        if (existsSync(target)) {
          throw new ConflictError(
            `repoName: ${ctx.input.repoName} is already published at ${target}`,
          );
        }
        await fs.mkdir(options.publishDir, { recursive: true });
        const staging = path.join(
          options.publishDir,
          `.staging-${ctx.input.repoName}-${randomUUID()}`,
        );
        try {
          await fs.cp(ctx.workspacePath, staging, { recursive: true });
          await fs.rename(staging, target);
        } catch (error) {
          await fs.rm(staging, { recursive: true, force: true });
          throw error;
        }
        ctx.logger.info(`Published the workspace to ${target}`);
      }
      ctx.output('remoteUrl', url);
      ctx.output('repoContentsUrl', url);
      ctx.output('catalogInfoPath', catalogInfoPath);
    },
  });
}

export function createRegisterFileAction(options: {
  publishDir: string;
  catalog: typeof catalogServiceRef.T;
}) {
  return createTemplateAction({
    id: 'example:catalog:register-file',
    description:
      'EXAMPLE ONLY: registers a published catalog-info.yaml as a file location (an offline stand-in for catalog:register).',
    supportsDryRun: true,
    schema: {
      input: {
        catalogInfoPath: z =>
          z
            .string()
            .min(1)
            .describe('The catalog-info.yaml that example:publish:local wrote'),
      },
      output: {
        entityRef: z => z.string().describe('The registered component'),
      },
    },
    async handler(ctx) {
      if (ctx.isDryRun) {
        // Nothing was published: name what the real run would register.
        const entities = await readEntities(
          path.join(ctx.workspacePath, 'catalog-info.yaml'),
          'catalogInfoPath',
        );
        ctx.output('entityRef', mainEntityRef(entities));
        return;
      }
      const file = path.resolve(ctx.input.catalogInfoPath);
      // Only what example:publish:local wrote, never any file of the host.
      resolveSafeChildPath(
        options.publishDir,
        path.relative(options.publishDir, file),
      );
      const entities = await readEntities(file, 'catalogInfoPath');
      await options.catalog.addLocation(
        { type: 'file', target: file },
        { credentials: await ctx.getInitiatorCredentials() },
      );
      const entityRef = mainEntityRef(entities);
      ctx.logger.info(`Registered ${file} (${entityRef})`);
      ctx.output('entityRef', entityRef);
    },
  });
}

/** EXAMPLE ONLY: the two offline actions above. */
export const localPublishModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'example-local-publish',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, catalog, config }) {
        const publishDir = publishDirOf(config);
        scaffolder.addActions(
          createLocalPublishAction({ publishDir }),
          createRegisterFileAction({ publishDir, catalog }),
        );
      },
    });
  },
});

/**
 * EXAMPLE ONLY: lets the catalog accept `file` locations from its API, which
 * `example:catalog:register-file` needs. Leave this out of any real backend.
 */
export const localFileLocationsModule = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'example-file-locations',
  register(reg) {
    reg.registerInit({
      deps: { locations: catalogLocationsExtensionPoint },
      async init({ locations }) {
        locations.setAllowedLocationTypes(['url', 'file']);
      },
    });
  },
});

export default localPublishModule;
