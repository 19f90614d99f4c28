import { AdapterResult, SourceAdapter, WebhookDelivery } from '../types';
import { attributes, events, ignored, pending } from '../util/events';
import { capLength, eventId } from '../util/ids';
import {
  JsonObject,
  bodyObject,
  needObject,
  needString,
  obj,
  str,
} from '../util/json';
import { slugify } from '../util/slug';
import { needTime } from '../util/time';

const SOURCE = 'flux';

/** helm-controller reasons that each report one operation. */
const HELM_OPERATIONS =
  /^(Install|Upgrade|Rollback|Test|Uninstall)(Succeeded|Failed)$/;

/** Kinds whose events report deployments (sources such as GitRepository do not). */
const DEPLOYING_KINDS = new Set(['Kustomization', 'HelmRelease']);

/** Info reasons that report a finished, successful apply. */
const SUCCESS_REASONS = new Set([
  'ReconciliationSucceeded',
  'InstallSucceeded',
  'UpgradeSucceeded',
  'RollbackSucceeded',
]);

/** Older kustomize-controllers reported success only in the message. */
const APPLIED = /\bapplied revision\b/i;

/**
 * Metadata keys naming the environment, most specific first. Flux Alerts add
 * metadata through `spec.eventMetadata`; Flux objects through
 * `event.toolkit.fluxcd.io/<key>` annotations.
 */
const ENVIRONMENT_KEYS = ['goldpath.dev/environment', 'environment', 'env'];

/**
 * The environment of a deployment whose event names none. Nothing is
 * production by default (EVENTS.md): such deployments are stored with tier
 * `other` and never count as production, so a dev cluster's reconciles cannot
 * read as production deployments.
 */
const FLUX_UNKNOWN_ENVIRONMENT = 'unknown';

/** `metadata["<group>/revision"]`, e.g. `kustomize.toolkit.fluxcd.io/revision`. */
function revisionOf(metadata: JsonObject | undefined): string | undefined {
  if (!metadata) return undefined;
  for (const [key, value] of Object.entries(metadata)) {
    if (/(^|\/)revision$/.test(key) && str(value)) {
      return (value as string).trim();
    }
  }
  return undefined;
}

/**
 * The git commit in a Flux revision: `main@sha1:<sha>` (Flux ≥ 2.0),
 * `main/<sha>` (older), `sha1:<sha>` or a bare sha. OCI digests
 * (`latest@sha256:…`) and chart versions are not commits.
 */
export function commitFromFluxRevision(
  revision: string | undefined,
): string | undefined {
  if (!revision) return undefined;
  const patterns = [
    /(?:^|@)sha1:([0-9a-f]{40})$/i,
    /^[^@]*\/([0-9a-f]{40})$/i,
    /^([0-9a-f]{40})$/i,
  ];
  for (const p of patterns) {
    const m = p.exec(revision);
    if (m) return m[1].toLowerCase();
  }
  return undefined;
}

function eventName(delivery: WebhookDelivery): string | undefined {
  return str(obj(delivery.body)?.reason)?.trim();
}

function normalize(
  delivery: WebhookDelivery,
  options?: { eventName?: string },
): AdapterResult {
  const what = 'Flux event';
  const body = bodyObject(delivery.body, what);
  const object = needObject(body.involvedObject, 'involvedObject', what);
  const kind = needString(object.kind, 'involvedObject.kind', what);
  const name = needString(object.name, 'involvedObject.name', what);
  const namespace = str(object.namespace) ?? 'default';
  const severity = needString(body.severity, 'severity', what);
  const reason = options?.eventName ?? eventName(delivery) ?? '';
  if (!DEPLOYING_KINDS.has(kind)) {
    return ignored(`Flux ${kind} events are not deployments`);
  }
  const message = str(body.message);
  let outcome: 'success' | 'failure';
  if (severity === 'error') {
    outcome = 'failure';
  } else if (
    severity === 'info' &&
    (SUCCESS_REASONS.has(reason) || (message && APPLIED.test(message)))
  ) {
    outcome = 'success';
  } else {
    return ignored(
      `Flux ${kind} ${severity} event ${
        reason || '(no reason)'
      } does not finish a deployment`,
    );
  }
  const timestamp = needTime(body.timestamp, 'timestamp', what);
  const metadata = obj(body.metadata);
  const revision = revisionOf(metadata);
  if (outcome === 'failure' && !revision) {
    // Configuration errors (invalid health-check expressions, access denied,
    // disabled feature gates) come without a revision: nothing was deployed.
    return ignored(
      `Flux ${kind} error ${
        reason || '(no reason)'
      } without a revision is not a deployment`,
    );
  }
  const environment = ENVIRONMENT_KEYS.map(k =>
    str(metadata?.[k])?.trim(),
  ).find(Boolean);
  const ref = `${kind}/${namespace}/${name}`;
  // Without a revision, the event's time tells one attempt from another. Helm
  // operations are one deployment each although chart versions repeat
  // (install 1.2.3, upgrade 1.2.4, roll back to 1.2.3): their time is part of
  // the identity too. Repeated reconciliations of one Git revision stay one.
  const occurrence =
    revision && !HELM_OPERATIONS.test(reason)
      ? revision
      : [revision, timestamp].filter(Boolean).join('@');
  return events(
    pending(
      {
        id: eventId('flux', ref, occurrence, reason),
        type: 'deployment',
        timestamp,
        source: SOURCE,
        deploymentId: capLength(`${ref}@${occurrence}`),
        environment: environment ?? FLUX_UNKNOWN_ENVIRONMENT,
        environmentTier: environment ? undefined : 'other',
        outcome,
        commitSha: commitFromFluxRevision(revision),
        rollback: reason === 'RollbackSucceeded' ? true : undefined,
        attributes: attributes({
          reason: reason || undefined,
          revision,
          kind,
          namespace,
          message,
          controller: str(body.reportingController),
          environmentUnknown: environment ? undefined : true,
        }),
      },
      {
        annotation: 'backstage.io/kubernetes-id',
        value: name,
        fallbackName: slugify(name),
      },
    ),
  );
}

/**
 * Flux notification-controller events (`generic` and `generic-hmac`
 * providers) of Kustomizations and HelmReleases: successful reconciliations
 * and errors become deployments.
 *
 * @public
 */
export const fluxAdapter: SourceAdapter = {
  source: 'flux',
  eventName,
  normalize,
};
