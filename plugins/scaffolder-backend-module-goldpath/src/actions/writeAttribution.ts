import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  SCAFFOLDED_AT_ANNOTATION,
  SCAFFOLDED_FROM_ANNOTATION,
  SCAFFOLDER_TASK_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
} from '@goldpath/plugin-catalog-common';
import fs from 'node:fs/promises';
import { isMap, parseAllDocuments } from 'yaml';
import { writeAttributionExamples } from './writeAttribution.examples';

/** The id of {@link createWriteAttributionAction}'s action. */
export const WRITE_ATTRIBUTION_ACTION_ID = 'goldpath:attribution:write';

/**
 * What {@link createWriteAttributionAction} needs.
 *
 * @public
 */
export interface WriteAttributionActionOptions {
  /** The clock, read once per run; defaults to the system clock. */
  now?: () => Date;
}

/** The template's version: the input, else the template's annotation. */
function templateVersionOf(
  input: string | undefined,
  annotations: Record<string, string> | undefined,
): string | undefined {
  const explicit = input?.trim();
  if (explicit) return explicit;
  const annotated = annotations?.[TEMPLATE_VERSION_ANNOTATION]?.trim();
  return annotated || undefined;
}

/**
 * `goldpath:attribution:write`: writes Goldpath's attribution annotations
 * (`goldpath.dev/scaffolded-from`, `goldpath.dev/template-version`,
 * `goldpath.dev/scaffolded-at`, `goldpath.dev/scaffolder-task-id`) into every
 * entity document of a catalog file in the workspace, keeping comments,
 * formatting and the other documents. The user who ran the template is not
 * written into the repository (the scaffold event records it, pseudonymised).
 * Workspace-only, so it also runs in a dry run.
 *
 * @public
 */
export function createWriteAttributionAction(
  options: WriteAttributionActionOptions = {},
) {
  const now = options.now ?? (() => new Date());
  return createTemplateAction({
    id: WRITE_ATTRIBUTION_ACTION_ID,
    description:
      "Writes the template's attribution (template ref, template version, time, task id) into every entity of a catalog file in the workspace, keeping comments and the other documents.",
    examples: writeAttributionExamples,
    supportsDryRun: true,
    schema: {
      input: {
        filePath: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe(
              'The catalog file to annotate, relative to the workspace (default catalog-info.yaml)',
            ),
        templateVersion: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe(
              "The template's version; defaults to the template's goldpath.dev/template-version annotation",
            ),
      },
      output: {
        templateRef: z =>
          z.string().describe('The template entity ref that was written'),
        templateVersion: z =>
          z.string().describe('The template version that was written'),
      },
    },
    async handler(ctx) {
      const filePath = ctx.input.filePath ?? 'catalog-info.yaml';
      const templateRef = ctx.templateInfo?.entityRef;
      if (!templateRef) {
        throw new InputError(
          `${WRITE_ATTRIBUTION_ACTION_ID} must run from a template: the task has no template entity ref`,
        );
      }
      const templateVersion = templateVersionOf(
        ctx.input.templateVersion,
        ctx.templateInfo?.entity?.metadata.annotations,
      );
      if (!templateVersion) {
        throw new InputError(
          `No template version: set the templateVersion input or the ${TEMPLATE_VERSION_ANNOTATION} annotation on ${templateRef}`,
        );
      }
      const scaffoldedAt = now().toISOString();

      const target = resolveSafeChildPath(ctx.workspacePath, filePath);
      let source: string;
      try {
        source = await fs.readFile(target, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
          throw new InputError(
            `${filePath} does not exist in the workspace: write it (fetch:template, catalog:write) before ${WRITE_ATTRIBUTION_ACTION_ID}`,
          );
        }
        throw new InputError(
          `${filePath} cannot be read: ${(e as Error).message}`,
        );
      }

      const documents = parseAllDocuments(source);
      if (!Array.isArray(documents)) {
        throw new InputError(`${filePath} holds no YAML document`);
      }
      let entities = 0;
      documents.forEach((doc, index) => {
        const where = `${filePath}, document ${index}`;
        if (doc.errors.length > 0) {
          throw new InputError(
            `${where} is not valid YAML: ${doc.errors[0].message}`,
          );
        }
        if (doc.contents === null) {
          return; // an empty document (a trailing `---`) is no entity
        }
        if (!isMap(doc.contents)) {
          throw new InputError(`${where} is not an entity (not a mapping)`);
        }
        const metadata = doc.get('metadata');
        if (!isMap(metadata)) {
          throw new InputError(`${where} has no metadata mapping`);
        }
        const annotations = metadata.get('annotations');
        if (annotations !== undefined && annotations !== null) {
          if (!isMap(annotations)) {
            throw new InputError(
              `${where}: metadata.annotations is not a mapping`,
            );
          }
        }
        const set = (key: string, value: string) =>
          doc.setIn(['metadata', 'annotations', key], value);
        set(SCAFFOLDED_FROM_ANNOTATION, templateRef);
        set(TEMPLATE_VERSION_ANNOTATION, templateVersion);
        set(SCAFFOLDED_AT_ANNOTATION, scaffoldedAt);
        set(SCAFFOLDER_TASK_ANNOTATION, ctx.task.id);
        entities += 1;
      });
      if (entities === 0) {
        throw new InputError(`${filePath} holds no entity document`);
      }
      // All documents are checked before the file is written: nothing half-way.
      await fs.writeFile(target, documents.map(doc => String(doc)).join(''));
      ctx.logger.info(
        `Wrote the attribution of ${templateRef}@${templateVersion} into ${entities} entit${
          entities === 1 ? 'y' : 'ies'
        } of ${filePath}`,
      );
      ctx.output('templateRef', templateRef);
      ctx.output('templateVersion', templateVersion);
    },
  });
}
