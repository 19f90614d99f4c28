export interface Config {
  goldpath?: {
    dora?: {
      /**
       * Default scorecard window, in whole days or weeks (`90d`, `12w`).
       * Default `90d`.
       */
      window?: string;
      /** Benchmark set for levels: `dora-2023` (default) or `dora-2023-rework`. */
      benchmark?: string;
      /**
       * Regular expression (case-insensitive) on the environment name that
       * marks production when an event has no `environmentTier`.
       * Default: `prod` or `production` as a word.
       */
      productionPattern?: string;
      /** `pattern` (default) or `all`: every environment without a tier is production. */
      productionDefault?: 'pattern' | 'all';
      /** Incident at the very instant of a deployment: `strict` (default) or `inclusive`. */
      attribution?: 'strict' | 'inclusive';
      /** Percentile method: `interpolated` (default) or `lower`. */
      median?: 'interpolated' | 'lower';
      /** Duration rounding: `none` (default) or `minuteCeil`. */
      rounding?: 'none' | 'minuteCeil';
      /** Regular expression on change titles that marks their deployment as rework. */
      reworkPattern?: string;
      /**
       * One release reported by several tools counts once: deployments of
       * one service from different sources, to the same environment, of the
       * same commit, finishing within this many minutes (default 30; 0 turns
       * it off). See docs/METRICS.md, cross-source identity; the annotation
       * goldpath.dev/deployment-source picks the counted sources per service.
       */
      correlationToleranceMinutes?: number;
      /**
       * Band overrides on top of the benchmark set. Durations as `1d`, `4h`;
       * ratios as numbers between 0 and 1.
       */
      thresholds?: {
        deploymentFrequency?: {
          eliteDaysPerWeek?: number;
          highDaysPerWeek?: number;
          mediumDaysPerMonth?: number;
        };
        changeLeadTime?: { elite?: string; high?: string; medium?: string };
        changeFailRate?: { elite?: number; high?: number; medium?: number };
        failedDeploymentRecoveryTime?: {
          elite?: string;
          high?: string;
          medium?: string;
        };
        deploymentReworkRate?: {
          elite?: number;
          high?: number;
          medium?: number;
        };
      };
      ingestion?: {
        /** Largest accepted request body, e.g. `5mb` (default). */
        maxBodySize?: string;
        /** Most events in one request. Default 5000. */
        maxEvents?: number;
        /** How far in the future a timestamp may lie (clock skew). Default `1h`. */
        maxFutureSkew?: string;
        /**
         * Whether users may `POST /events`. Default false: only service
         * principals (external-access tokens of CI, other plugins) may; with
         * true, users whom the permission policy grants `dora.events.create`
         * may as well.
         */
        allowUsers?: boolean;
        /**
         * Per-principal limit of ingestion requests (`POST /events` per
         * token or user, `POST /webhooks/:source` per source), a token bucket
         * in each replica's memory. Answered 429 with `Retry-After`.
         */
        rateLimit?: {
          /** Default true. */
          enabled?: boolean;
          /** Sustained requests per minute per principal. Default 600. */
          requestsPerMinute?: number;
          /** Requests at once. Default: requestsPerMinute. */
          burst?: number;
        };
      };
      privacy?: {
        /**
         * Key of the keyed hash (HMAC-SHA256) that pseudonymises actors.
         * Without it, actors are not stored at all.
         * @visibility secret
         */
        actorHashKey?: string;
        /**
         * Repositories whose events are never stored (opt-out), as patterns
         * on `owner/repo` slugs with `*` wildcards, e.g. `acme/secret-*`.
         * Entities opt out with the annotation `goldpath.dev/telemetry: disabled`.
         */
        excludeRepositories?: string[];
      };
      /** How Goldpath reads the catalog. */
      catalog?: {
        /**
         * How long the catalog snapshot (owners, systems, templates, tool
         * identities, opt-outs) is reused before it is read again. Default `1m`.
         */
        refreshInterval?: string;
      };
      /** How long raw events are kept. */
      retention?: {
        /** Events older than this (by timestamp) are deleted daily, e.g. `730d`. Default: kept. */
        events?: string;
        /** Unresolved webhook events older than this are deleted. Default `90d`. */
        unresolved?: string;
      };
      /**
       * Webhook endpoints POST /api/dora/webhooks/:source. A source is enabled
       * by its key; it needs its secret or token unless allowInsecure is set.
       */
      webhooks?: {
        /** Accept deliveries of sources configured without a secret. Local development only. */
        allowInsecure?: boolean;
        github?: {
          /** Largest accepted body, e.g. `25mb` (default: 25 MB, GitHub's documented maximum); larger bodies get 413. */
          maxBodySize?: string;
          /** @visibility secret */
          secret?: string;
          /** Several accepted secrets (rotation). @visibility secret */
          secrets?: string[];
        };
        gitlab?: {
          /** Largest accepted body, e.g. `10mb` (default `5mb`); larger bodies get 413. */
          maxBodySize?: string;
          /** Compared with X-Gitlab-Token. @visibility secret */
          token?: string;
          /** Signing token (`whsec_...`). @visibility secret */
          signingToken?: string;
        };
        pagerduty?: {
          /** Largest accepted body, e.g. `10mb` (default `5mb`); larger bodies get 413. */
          maxBodySize?: string;
          /** @visibility secret */
          secret?: string;
          /** @visibility secret */
          secrets?: string[];
        };
        opsgenie?: {
          /** Largest accepted body, e.g. `10mb` (default `5mb`); larger bodies get 413. */
          maxBodySize?: string;
          /** @visibility secret */
          token?: string;
          /** Header carrying the token. Default `x-goldpath-token`. */
          tokenHeader?: string;
        };
        argocd?: {
          /** Largest accepted body, e.g. `10mb` (default `5mb`); larger bodies get 413. */
          maxBodySize?: string;
          /** @visibility secret */
          token?: string;
          tokenHeader?: string;
        };
        flux?: {
          /** Largest accepted body, e.g. `10mb` (default `5mb`); larger bodies get 413. */
          maxBodySize?: string;
          /** HMAC key of Flux's generic-hmac provider. @visibility secret */
          secret?: string;
        };
        cdevents?: {
          /** Largest accepted body, e.g. `10mb` (default `5mb`); larger bodies get 413. */
          maxBodySize?: string;
          /** @visibility secret */
          token?: string;
          tokenHeader?: string;
        };
        /**
         * Jira Cloud admin webhook (`jira:issue_created`, `jira:issue_updated`)
         * registered with a secret: `X-Hub-Signature: sha256=<hex>`. Issues
         * become platform tickets.
         */
        jira?: {
          /** Largest accepted body, e.g. `10mb` (default `5mb`); larger bodies get 413. */
          maxBodySize?: string;
          /** The webhook's secret. @visibility secret */
          secret?: string;
          /** Several accepted secrets (rotation). @visibility secret */
          secrets?: string[];
          /**
           * Where a ticket's category comes from. Default `{ from: issueType }`;
           * or `{ from: component }`, `{ from: labelPrefix, prefix: 'category:' }`,
           * `{ from: field, field: customfield_10042 }`. Values are slugged.
           */
          category?: {
            from: 'issueType' | 'component' | 'labelPrefix' | 'field';
            prefix?: string;
            field?: string;
          };
          /**
           * Where a ticket's team comes from. Default
           * `{ from: labelPrefix, prefix: 'team:' }`; or a custom field,
           * `{ from: field, field: customfield_10050 }`.
           */
          team?: {
            from: 'labelPrefix' | 'field';
            prefix?: string;
            field?: string;
          };
        };
        /**
         * GitHub Issues as a platform queue: the queue repository's webhook
         * sends `issues` and `issue_comment`, signed like GitHub
         * (`X-Hub-Signature-256`).
         */
        'github-issues'?: {
          /** Largest accepted body (default: 25 MB, GitHub's maximum). */
          maxBodySize?: string;
          /** @visibility secret */
          secret?: string;
          /** Several accepted secrets (rotation). @visibility secret */
          secrets?: string[];
          /** Default `{ from: labelPrefix, prefix: 'category:' }`. */
          category?: { from: 'labelPrefix'; prefix: string };
          /** Default `{ from: labelPrefix, prefix: 'team:' }`. */
          team?: { from: 'labelPrefix'; prefix: string };
        };
      };
      /** Platform tickets (`GET /api/dora/tickets`). */
      tickets?: {
        /**
         * Triage SLA: a ticket answered later than this, or still waiting
         * longer than this, is a breach. A duration such as `{ hours: 8 }`
         * or `8h`. Without it, no breaches are computed.
         */
        triageSla?:
          | string
          | {
              years?: number;
              months?: number;
              weeks?: number;
              days?: number;
              hours?: number;
              minutes?: number;
              seconds?: number;
              milliseconds?: number;
            };
        /** IANA time zone of the months (e.g. `Europe/Berlin`). Default `UTC`. */
        timeZone?: string;
      };
      /** Golden-path adoption (`GET /api/dora/adoption`). */
      adoption?: {
        /**
         * Version-drift notices: when a template's `goldpath.dev/template-version`
         * annotation names a new version, the owners of services created from
         * an older one are told once, through Backstage's notifications
         * plugin (`@backstage/plugin-notifications-backend` must be installed).
         * Off unless `enabled: true`.
         */
        notifications?: {
          /** Default false: nobody is notified. */
          enabled?: boolean;
          /** How often the (global) task looks for new versions, e.g. `1h` (default), `30m`; at least `1m`. */
          frequency?: string;
        };
      };
      /** Subscriptions to the Backstage events bus (plugin-events-backend). */
      eventsBus?: {
        /** Default true. */
        enabled?: boolean;
        /** Topics per kind of payload. Defaults: github, gitlab, goldpath.dora. */
        topics?: {
          github?: string[];
          gitlab?: string[];
          /** Topics whose payloads are canonical events (or arrays of them). */
          canonical?: string[];
        };
        /**
         * Events that could not be stored after the in-process retries are
         * kept as dead letters (`GET /api/dora/dead-letters`) and replayed
         * by a global task.
         */
        deadLetters?: {
          /** How often dead letters are replayed, at least `1m`. Default `5m`. */
          replayFrequency?: string;
        };
      };
    };
  };
}
