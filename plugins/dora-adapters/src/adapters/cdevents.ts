import {
  AdapterResult,
  MalformedPayloadError,
  ServiceIdentity,
  SourceAdapter,
  WebhookDelivery,
} from '../types';
import {
  AttributeInput,
  EventFields,
  attributes,
  events,
  ignored,
  pending,
} from '../util/events';
import { eventId } from '../util/ids';
import {
  JsonObject,
  at,
  bodyObject,
  header,
  needObject,
  needString,
  obj,
  str,
} from '../util/json';
import { lastSegment, slugify } from '../util/slug';
import { needTime } from '../util/time';

const SOURCE = 'cdevents';

/** A CDEvent with its context completed from the CloudEvents envelope. */
interface Unwrapped {
  context: JsonObject;
  subject: JsonObject;
}

const TYPE = /^dev\.cdevents\.([a-z]+)\.([a-z]+)\.(\d+\.\d+\.\d+\S*)$/i;

/**
 * The CDEvent of a delivery: a plain CDEvent body, a CloudEvents
 * structured-mode envelope (`{ specversion, id, source, type, data }`), or a
 * binary-mode body with `ce-*` headers.
 *
 * The envelope is read here rather than with the CloudEvents SDK
 * (`cloudevents`), which is the producer in `cdevents.sdk.test.ts`: its
 * parser invents a random `id` and the current `time` when they are missing
 * and replaces an invalid time with the current one (an invented id defeats
 * idempotent redelivery, an invented time files the event at the wrong
 * moment), decodes `data_base64` into a `Uint32Array`, and detects the mode
 * from `Content-Type` only.
 */
function unwrap(delivery: WebhookDelivery): Unwrapped {
  const body = bodyObject(delivery.body, 'CDEvent');
  let cdevent: JsonObject;
  let envelope: JsonObject;
  if (
    str(body.specversion) &&
    (body.data !== undefined || body.data_base64 !== undefined)
  ) {
    let data: unknown = body.data;
    if (data === undefined && typeof body.data_base64 === 'string') {
      try {
        data = JSON.parse(
          Buffer.from(body.data_base64, 'base64').toString('utf8'),
        );
      } catch {
        throw new MalformedPayloadError('CloudEvent data_base64 is not JSON');
      }
    } else if (typeof data === 'string') {
      try {
        data = JSON.parse(data);
      } catch {
        throw new MalformedPayloadError(
          'CloudEvent data is not a JSON CDEvent',
        );
      }
    }
    cdevent = needObject(data, 'data', 'CloudEvent');
    envelope = {
      id: body.id,
      source: body.source,
      type: body.type,
      timestamp: body.time,
    };
  } else {
    // A plain CDEvent, or binary mode: the CloudEvent attributes are headers.
    cdevent = body;
    envelope = {
      id: header(delivery.headers, 'ce-id'),
      source: header(delivery.headers, 'ce-source'),
      type: header(delivery.headers, 'ce-type'),
      timestamp: header(delivery.headers, 'ce-time'),
    };
  }
  const own = obj(cdevent.context) ?? {};
  const context: JsonObject = { ...own };
  for (const [key, value] of Object.entries(envelope)) {
    if (context[key] === undefined && str(value)) context[key] = value;
  }
  if (!obj(cdevent.subject)) {
    throw new MalformedPayloadError('CDEvent without subject');
  }
  return {
    context,
    subject: cdevent.subject as JsonObject,
  };
}

/** `pkg:oci/myapp@sha256%3A…` → `myapp`; anything else → its last path segment. */
export function artifactName(artifactId: string): string {
  const withoutScheme = artifactId.replace(/^pkg:/i, '');
  const path = withoutScheme.split(/[?#]/)[0];
  const versionAt = path.lastIndexOf('@');
  const beforeVersion = versionAt > 0 ? path.slice(0, versionAt) : path;
  const name = lastSegment(beforeVersion);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

function aliasIdentity(name: string): ServiceIdentity {
  return {
    annotation: 'goldpath.dev/aliases',
    value: `cdevents:${name}`,
    fallbackName: slugify(lastSegment(name)),
  };
}

function artifactIdentity(artifactId: string): ServiceIdentity {
  const name = artifactName(artifactId);
  return {
    annotation: 'goldpath.dev/aliases',
    value: `cdevents:${name}`,
    fallbackName: slugify(name),
  };
}

/** The parts every event of one CDEvent shares. */
function base(
  u: Unwrapped,
  type: string,
  what: string,
  extra: AttributeInput,
): EventFields {
  const source = needString(u.context.source, 'context.source', what);
  const id = needString(u.context.id, 'context.id', what);
  // `source` + `id` identify a CDEvent; the subject and predicate keep
  // producers that reuse ids across event types (the v0.5.1 conformance
  // files do) from having one event shadow another.
  const kind = (str(u.context.type) ?? '')
    .replace(/^dev\.cdevents\./, '')
    .replace(/\.\d+\.\d+\.\d+(-.*)?$/, '');
  return {
    id: eventId('cdevents', source, id, kind),
    type,
    timestamp: needTime(u.context.timestamp, 'context.timestamp', what),
    source: SOURCE,
    attributes: attributes({
      cdeventType: str(u.context.type),
      chainId: str(u.context.chainId),
      ...extra,
    }),
  };
}

function serviceDeployment(
  u: Unwrapped,
  predicate: string,
  what: string,
): AdapterResult {
  const serviceId = needString(u.subject.id, 'subject.id', what);
  const content = obj(u.subject.content) ?? {};
  const environment = needString(
    at(content, 'environment', 'id'),
    'subject.content.environment.id',
    what,
  );
  const artifactId = str(content.artifactId);
  const fields = base(u, 'deployment', what, {
    artifactId,
    environmentSource: str(at(content, 'environment', 'source')),
  });
  return events(
    pending(
      {
        ...fields,
        deploymentId: needString(u.context.id, 'context.id', what),
        environment,
        outcome: 'success',
        rollback: predicate === 'rolledback' ? true : undefined,
      },
      aliasIdentity(serviceId),
    ),
  );
}

function changeMerged(u: Unwrapped, what: string): AdapterResult {
  // v0.5 `change` subjects carry only an id (a PR number, a branch or a
  // commit sha: the spec's examples) and the repository. The id is what
  // artifact.packaged events name in content.change.id, so it is both the
  // change id and the commit reference.
  const changeId = needString(u.subject.id, 'subject.id', what);
  const repository = str(at(u.subject, 'content', 'repository', 'id'));
  const repositorySource = str(
    at(u.subject, 'content', 'repository', 'source'),
  );
  const name =
    repository ??
    str(u.subject.source) ??
    needString(u.context.source, 'context.source', what);
  return events(
    pending(
      {
        ...base(u, 'change', what, {
          repository,
          repositorySource,
          changeSource: str(u.subject.source),
        }),
        commitSha: changeId,
        changeId,
      },
      aliasIdentity(name),
    ),
  );
}

const PIPELINE_OUTCOMES: Record<string, 'success' | 'failure' | 'cancelled'> = {
  success: 'success',
  failure: 'failure',
  error: 'failure',
  cancel: 'cancelled',
  canceled: 'cancelled',
  cancelled: 'cancelled',
};

function pipelineRunFinished(u: Unwrapped, what: string): AdapterResult {
  const runId = needString(u.subject.id, 'subject.id', what);
  const content = obj(u.subject.content) ?? {};
  const pipelineName = str(content.pipelineName);
  const outcome = str(content.outcome);
  return events(
    pending(
      {
        ...base(u, 'build', what, {
          pipelineName,
          url: str(content.uri),
          errors: str(content.errors),
          cdeventOutcome: outcome,
        }),
        pipelineId: runId,
        outcome: outcome ? PIPELINE_OUTCOMES[outcome.toLowerCase()] : undefined,
      },
      aliasIdentity(pipelineName ?? runId),
    ),
  );
}

function incidentIdentity(
  content: JsonObject,
  subject: JsonObject,
  what: string,
): ServiceIdentity {
  const serviceId = str(at(content, 'service', 'id'));
  if (serviceId) return aliasIdentity(serviceId);
  const artifactId = str(content.artifactId);
  if (artifactId) return artifactIdentity(artifactId);
  return aliasIdentity(
    needString(subject.source, 'subject.content.service.id', what),
  );
}

function incident(
  u: Unwrapped,
  status: 'open' | 'resolved',
  what: string,
): AdapterResult {
  const incidentId = needString(u.subject.id, 'subject.id', what);
  const content = obj(u.subject.content) ?? {};
  const fields = base(u, 'incident', what, {
    description: str(content.description),
    environment: str(at(content, 'environment', 'id')),
    artifactId: str(content.artifactId),
  });
  return events(
    pending(
      {
        ...fields,
        incidentId,
        status,
        openedAt: status === 'open' ? fields.timestamp : undefined,
        resolvedAt: status === 'resolved' ? fields.timestamp : undefined,
      },
      incidentIdentity(content, u.subject, what),
    ),
  );
}

function artifactPackaged(u: Unwrapped, what: string): AdapterResult {
  const artifactId = needString(u.subject.id, 'subject.id', what);
  const content = obj(u.subject.content) ?? {};
  return events(
    pending(
      {
        ...base(u, 'build', what, {
          artifactId,
          changeId: str(at(content, 'change', 'id')),
          changeSource: str(at(content, 'change', 'source')),
          sbomUri: str(at(content, 'sbom', 'uri')),
        }),
        pipelineId: artifactId,
        outcome: 'success',
      },
      artifactIdentity(artifactId),
    ),
  );
}

function eventName(delivery: WebhookDelivery): string | undefined {
  const body = obj(delivery.body);
  return (
    str(at(body, 'context', 'type')) ??
    str(at(body, 'data', 'context', 'type')) ??
    str(header(delivery.headers, 'ce-type')) ??
    (str(body?.specversion) ? str(body?.type) : undefined)
  )?.trim();
}

function normalize(
  delivery: WebhookDelivery,
  options?: { eventName?: string },
): AdapterResult {
  const u = unwrap(delivery);
  const type = options?.eventName ?? str(u.context.type)?.trim();
  if (!type) {
    throw new MalformedPayloadError('CDEvent without context.type');
  }
  const m = TYPE.exec(type);
  if (!m) {
    return ignored(
      `${type} is not a CDEvents type (dev.cdevents.<subject>.<predicate>.<version>)`,
    );
  }
  const subject = m[1].toLowerCase();
  const predicate = m[2].toLowerCase();
  const what = `CDEvent ${subject}.${predicate}`;
  switch (`${subject}.${predicate}`) {
    case 'service.deployed':
    case 'service.upgraded':
    case 'service.rolledback':
      return serviceDeployment(u, predicate, what);
    case 'change.merged':
      return changeMerged(u, what);
    case 'pipelinerun.finished':
      return pipelineRunFinished(u, what);
    case 'incident.detected':
    case 'incident.reported':
      return incident(u, 'open', what);
    case 'incident.resolved':
      return incident(u, 'resolved', what);
    case 'artifact.packaged':
      return artifactPackaged(u, what);
    default:
      return ignored(`CDEvent ${m[1]}.${m[2]} is not used`);
  }
}

/**
 * CDEvents (spec v0.5): plain CDEvents, or CloudEvents in structured or
 * binary mode. Services deployed, upgraded and rolled back; changes merged;
 * pipeline runs finished; incidents detected, reported and resolved;
 * artifacts packaged (linking an artifact to its change).
 *
 * @public
 */
export const cdeventsAdapter: SourceAdapter = {
  source: 'cdevents',
  eventName,
  normalize,
};
