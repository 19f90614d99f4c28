import { mockCredentials } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { JsonObject, JsonValue } from '@backstage/types';

/** Checkpoint state shared across runs of a step, as the task runner keeps it. */
export type CheckpointState = Map<
  string,
  { status: 'success'; value: JsonValue } | { status: 'failed'; reason: string }
>;

/**
 * An action context for tests: `createMockActionContext` of
 * `@backstage/plugin-scaffolder-node-test-utils`, with a `checkpoint` that behaves like the task runner's
 * (scaffolder-backend 4.2.0 NunjucksWorkflowRunner): a stored success is
 * replayed, a failure is recorded and rethrown; pass the same `checkpoints`
 * to a second run to model a retry. Outputs are collected in `outputs`.
 */
export function createTestActionContext<TInput extends JsonObject>(options: {
  input: TInput;
  workspacePath: string;
  taskId?: string;
  templateInfo?: ActionContext<TInput>['templateInfo'];
  user?: ActionContext<TInput>['user'];
  isDryRun?: boolean;
  checkpoints?: CheckpointState;
  stepId?: string;
}) {
  const outputs: Record<string, JsonValue> = {};
  const checkpoints: CheckpointState = options.checkpoints ?? new Map();
  const stepId = options.stepId ?? 'step-1';
  // createMockActionContext takes input, workspace, task, template and user;
  // the rest (dry run, step, outputs, checkpoints) is set over it.
  const base = createMockActionContext<TInput>({
    input: options.input,
    workspacePath: options.workspacePath,
    task: { id: options.taskId ?? 'task-1' },
    templateInfo: options.templateInfo,
    user: options.user,
  });
  const ctx: ActionContext<TInput, any> = {
    ...base,
    isDryRun: options.isDryRun,
    step: { id: stepId },
    output(name, value) {
      outputs[name as string] = value as JsonValue;
    },
    async checkpoint({ key, fn }) {
      const stored = `v1.task.checkpoint.${stepId}.${key}`;
      const previous = checkpoints.get(stored);
      if (previous?.status === 'success') {
        return previous.value as any;
      }
      try {
        const value = await fn();
        checkpoints.set(stored, {
          status: 'success',
          value: (value ?? {}) as JsonValue,
        });
        return value;
      } catch (e) {
        checkpoints.set(stored, {
          status: 'failed',
          reason: (e as Error).message,
        });
        throw e;
      }
    },
    async getInitiatorCredentials() {
      return mockCredentials.user();
    },
  };
  return { ctx, outputs, checkpoints };
}
