export interface Config {
  goldpath?: {
    policy?: {
      /** Limits of `POST /api/policy/reports` (and of the report-sources sink). */
      ingestion?: {
        /** Largest accepted request body in bytes; larger bodies get 413. Default 10485760 (10 MB). */
        maxBodyBytes?: number;
        /** Most results in one request (all its reports); more get 413. Default 50000. */
        maxResults?: number;
      };
      /** Waivers recorded with `POST /api/policy/waivers`. */
      waivers?: {
        /** How far ahead a waiver may expire at most, e.g. `90d` (default) or `30d`. */
        maxDuration?: string;
      };
      /** How long stored policy data is kept. */
      retention?: {
        /**
         * Audits (snapshots) whose last audit time is older than this are
         * deleted daily, in batches; the latest two audits of every entity and
         * source are always kept. Default `90d`.
         */
        snapshots?: string;
        /** Unmapped results received longer ago than this are deleted. Default `30d`. */
        unmapped?: string;
      };
      /** How the plugin reads the catalog (mapping annotations and policy bundles). */
      catalog?: {
        /** How long a catalog snapshot is reused. Default `1m`. */
        refreshInterval?: string;
      };
    };
  };
}
