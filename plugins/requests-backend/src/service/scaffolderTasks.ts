import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

/** The scaffolder task statuses that end a task. */
export type TaskOutcome = 'completed' | 'failed' | 'cancelled' | 'running';

/** What the fulfilment needs of the scaffolder. */
export interface ScaffolderTasks {
  create(templateRef: string, values: Record<string, unknown>): Promise<string>;
  status(taskId: string): Promise<TaskOutcome>;
}

/**
 * The scaffolder's REST API (`POST /v2/tasks`, `GET /v2/tasks/:id`), called
 * with the requests plugin's own service credentials: the approver's
 * decision is the authorisation, and the task runs the same way from the
 * approval and from the retrying task, when no user is present.
 */
export class HttpScaffolderTasks implements ScaffolderTasks {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  private async headers() {
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'scaffolder',
    });
    return { Authorization: `Bearer ${token}` };
  }

  async create(
    templateRef: string,
    values: Record<string, unknown>,
  ): Promise<string> {
    const baseUrl = await this.discovery.getBaseUrl('scaffolder');
    const res = await this.fetchFn(`${baseUrl}/v2/tasks`, {
      method: 'POST',
      headers: {
        ...(await this.headers()),
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ templateRef, values }),
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    const body = (await res.json()) as { id?: unknown };
    if (typeof body.id !== 'string') {
      throw new Error('the scaffolder answered without a task id');
    }
    return body.id;
  }

  async status(taskId: string): Promise<TaskOutcome> {
    const baseUrl = await this.discovery.getBaseUrl('scaffolder');
    const res = await this.fetchFn(
      `${baseUrl}/v2/tasks/${encodeURIComponent(taskId)}`,
      { headers: await this.headers() },
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    const { status } = (await res.json()) as { status?: string };
    if (
      status === 'completed' ||
      status === 'failed' ||
      status === 'cancelled'
    ) {
      return status;
    }
    return 'running';
  }
}
