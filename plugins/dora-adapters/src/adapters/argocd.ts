import {
  AdapterResult,
  MalformedPayloadError,
  SourceAdapter,
  WebhookDelivery,
} from '../types';
import { attributes, events, ignored, pending } from '../util/events';
import { capLength, eventId } from '../util/ids';
import { arr, at, bodyObject, needString, obj, str } from '../util/json';
import { isCommitSha } from '../util/sha';
import { slugify } from '../util/slug';
import { isoTime, receiptTime } from '../util/time';

const SOURCE = 'argocd';

const OUTCOMES: Record<string, 'success' | 'failure' | 'in_progress'> = {
  Succeeded: 'success',
  Failed: 'failure',
  Error: 'failure',
  Running: 'in_progress',
};

/**
 * The environment of a notification without one (an Application without the
 * `environment` label). Nothing is production by default (EVENTS.md): such
 * deployments are stored with tier `other` and never count as production.
 */
const ARGOCD_UNKNOWN_ENVIRONMENT = 'unknown';

function eventName(delivery: WebhookDelivery): string | undefined {
  return str(obj(delivery.body)?.phase)?.trim();
}

function normalize(
  delivery: WebhookDelivery,
  options?: { eventName?: string },
): AdapterResult {
  const what = 'Argo CD notification';
  const body = bodyObject(delivery.body, what);
  const app = needString(body.app, 'app', what).trim();
  const phase = options?.eventName ?? eventName(delivery);
  if (!phase) {
    throw new MalformedPayloadError(`${what} without phase`);
  }
  const outcome = OUTCOMES[phase];
  if (!outcome) {
    return ignored(`Argo CD operation phase ${phase} is not used`);
  }
  const revisions = arr(body.revisions).flatMap(r => str(r) ?? []);
  const revision = str(body.revision)?.trim() ?? revisions[0];
  const startedAt = isoTime(body.startedAt);
  const finishedAt = isoTime(body.finishedAt);
  const occurrence = revision ?? startedAt;
  if (!occurrence) {
    throw new MalformedPayloadError(`${what} without revision or startedAt`);
  }
  const initiatedBy = str(body.initiatedBy);
  const environment = str(body.environment)?.trim() || undefined;
  return events(
    pending(
      {
        id: eventId(
          'argocd',
          app,
          revision ?? '',
          phase,
          str(body.finishedAt) ?? str(body.startedAt) ?? '',
        ),
        type: 'deployment',
        timestamp: finishedAt ?? startedAt ?? receiptTime(delivery.receivedAt),
        source: SOURCE,
        actor: initiatedBy,
        deploymentId: capLength(`${app}@${occurrence}`),
        environment: environment ?? ARGOCD_UNKNOWN_ENVIRONMENT,
        environmentTier: environment ? undefined : 'other',
        outcome,
        commitSha: isCommitSha(revision) ? revision : undefined,
        startedAt,
        attributes: attributes({
          phase,
          revision,
          revisions: revisions.length > 1 ? revisions.join(',') : undefined,
          project: str(body.project),
          appNamespace: str(body.appNamespace),
          destinationServer: str(at(body, 'destination', 'server')),
          destinationName: str(at(body, 'destination', 'name')),
          destinationNamespace: str(at(body, 'destination', 'namespace')),
          health: str(body.health),
          syncStatus: str(body.syncStatus),
          message: str(body.message),
          url: str(body.url),
          environmentUnknown: environment ? undefined : true,
        }),
      },
      {
        annotation: 'argocd/app-name',
        value: app,
        fallbackName: slugify(app),
      },
    ),
  );
}

/**
 * Argo CD notifications rendered with Goldpath's template
 * (`argocd/argocd-notifications-cm.yaml`): `Succeeded` → successful
 * deployment, `Failed`/`Error` → failed, `Running` → in progress.
 *
 * @public
 */
export const argocdAdapter: SourceAdapter = {
  source: 'argocd',
  eventName,
  normalize,
};
