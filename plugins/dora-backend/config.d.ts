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
      };
      privacy?: {
        /**
         * Key of the keyed hash (HMAC-SHA256) that pseudonymises actors.
         * Without it, actors are not stored at all.
         * @visibility secret
         */
        actorHashKey?: string;
      };
    };
  };
}
