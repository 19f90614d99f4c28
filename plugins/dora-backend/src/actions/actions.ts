import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ROLLUP_GROUP_BYS,
  ServiceScorecard,
  doraScorecardsReadPermission,
  parseInstant,
  parseServiceRef,
  parseWindowDays,
} from '@goldpath/plugin-dora-common';
import { EntityVisibility } from '../catalog/visibility';
import { ScorecardService } from '../scorecards/ScorecardService';

function hours(seconds: number | null): string {
  if (seconds === null) return 'no data';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} days`;
}

const pct = (ratio: number | null) =>
  ratio === null ? 'no data' : `${(ratio * 100).toFixed(1)}%`;

const level = (l: string | null) => (l ? ` (${l})` : '');

/** A one-paragraph, human-readable summary of a scorecard. */
export function summarizeScorecard(ref: string, s: ServiceScorecard): string {
  return [
    `${ref}: overall score ${
      s.score === null ? 'n/a' : s.score.toFixed(1)
    }/10.`,
    `Deployment frequency ${s.deploymentFrequency.perWeek.toFixed(1)}/week (${
      s.deploymentFrequency.deployments
    } deployments)${level(s.deploymentFrequency.level)}.`,
    `Change lead time median ${hours(s.changeLeadTime.medianSeconds)} over ${
      s.changeLeadTime.changes
    } changes${level(s.changeLeadTime.level)}.`,
    `Change fail rate ${pct(s.changeFailRate.ratio)}${level(
      s.changeFailRate.level,
    )}.`,
    `Failed deployment recovery time median ${hours(
      s.failedDeploymentRecoveryTime.medianSeconds,
    )}${level(s.failedDeploymentRecoveryTime.level)}, ${
      s.failedDeploymentRecoveryTime.open
    } open.`,
    `Deployment rework rate ${pct(s.deploymentReworkRate.ratio)}.`,
  ].join(' ');
}

function windowDays(text: string | undefined) {
  if (text === undefined) return undefined;
  const days = parseWindowDays(text);
  if (days === undefined || days > 3660) {
    throw new InputError(
      `window must be whole days or weeks up to 10 years, like 90d or 12w, got "${text}"`,
    );
  }
  return days;
}

function asOf(text: string | undefined) {
  if (text === undefined) return undefined;
  const ms = parseInstant(text);
  if (ms === undefined) {
    throw new InputError(`asOf must be an ISO 8601 date-time with an offset`);
  }
  return ms;
}

/**
 * Read-only actions for assistants (MCP clients through Backstage's actions
 * registry): an entity's scorecard and a fleet rollup.
 */
export function registerDoraActions(options: {
  actionsRegistry: ActionsRegistryService;
  permissions: PermissionsService;
  scorecards: ScorecardService;
  /** What the caller may see in the catalog, as for the HTTP reads. */
  visibility: Pick<EntityVisibility, 'assertVisible' | 'components'>;
}) {
  const { actionsRegistry, permissions, scorecards, visibility } = options;
  const check = async (credentials: BackstageCredentials) => {
    const [decision] = await permissions.authorize(
      [{ permission: doraScorecardsReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed: ${doraScorecardsReadPermission.name}`,
      );
    }
  };

  actionsRegistry.register({
    name: 'get-dora-scorecard',
    title: 'Get the DORA scorecard of an entity',
    description:
      'Returns the DORA metrics (deployment frequency, change lead time, change fail rate, failed deployment recovery time, deployment rework rate) of a service, with levels and 0-10 scores; for a group, system or domain, the distribution over its services.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'Entity ref, e.g. component:default/checkout or group:default/team-a',
            ),
          window: z
            .string()
            .optional()
            .describe('Window length, e.g. 90d or 12w'),
          asOf: z.string().optional().describe('End of the window, ISO 8601'),
        }),
      output: z =>
        z.object({
          summary: z.string().describe('Human-readable summary'),
          scorecard: z.record(z.any()).describe('The full scorecard or rollup'),
        }),
    },
    action: async ({ input, credentials }) => {
      await check(credentials);
      const ref = parseServiceRef(input.entityRef);
      if (!ref.ok) throw new InputError(ref.reason);
      await visibility.assertVisible(ref.ref, credentials);
      const rollup = ['group', 'system', 'domain'].includes(
        ref.ref.split(':')[0],
      );
      const result = await scorecards.getEntity({
        entityRef: ref.ref,
        windowDays: windowDays(input.window),
        asOf: asOf(input.asOf),
        ...(rollup && { visible: await visibility.components(credentials) }),
      });
      const summary =
        result.scope === 'service'
          ? summarizeScorecard(result.entityRef, result)
          : `${result.entityRef}: ${
              result.rollup.services
            } services; median lead time ${hours(
              result.rollup.metrics.leadTimeSeconds.median,
            )}, median ${
              result.rollup.metrics.deploymentsPerWeek.median?.toFixed(1) ??
              'n/a'
            } deployments/week, median change fail rate ${pct(
              result.rollup.metrics.changeFailRate.median,
            )}.`;
      return { output: { summary, scorecard: result as any } };
    },
  });

  actionsRegistry.register({
    name: 'get-dora-rollup',
    title:
      'Get DORA scorecards rolled up by team, system, product line or template',
    description:
      'Returns, per group, the distribution (median, quartiles, n) of per-service DORA metrics, and the golden-path (created from a template) vs other delta.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          groupBy: z
            .enum(ROLLUP_GROUP_BYS)
            .describe(
              'owner = team, domain = product line, template-version = the template and version that created the service',
            ),
          window: z.string().optional().describe('Window length, e.g. 90d'),
          asOf: z.string().optional().describe('End of the window, ISO 8601'),
        }),
      output: z =>
        z.object({
          summary: z.string(),
          rollup: z.record(z.any()),
        }),
    },
    action: async ({ input, credentials }) => {
      await check(credentials);
      const rollup = await scorecards.getRollups({
        groupBy: input.groupBy,
        windowDays: windowDays(input.window),
        asOf: asOf(input.asOf),
        visible: await visibility.components(credentials),
      });
      const summary = rollup.groups
        .map(
          g =>
            `${g.title}: ${g.services} services, median lead time ${hours(
              g.metrics.leadTimeSeconds.median,
            )}, median ${
              g.metrics.deploymentsPerWeek.median?.toFixed(1) ?? 'n/a'
            } deployments/week`,
        )
        .join('; ');
      return { output: { summary, rollup: rollup as any } };
    },
  });
}
