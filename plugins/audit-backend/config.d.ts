export interface Config {
  goldpath?: {
    audit?: {
      /** How long audit records are kept. */
      retention?: {
        /**
         * Records that happened more than this many days ago are deleted by a
         * daily task (once across replicas, in batches). Default 365.
         */
        days?: number;
      };
      /** Limits of `POST /api/audit/records`. */
      ingestion?: {
        /** Largest accepted request body in bytes; larger bodies get 413. Default 1048576 (1 MB). */
        maxBodyBytes?: number;
      };
      /** `GET /api/audit/records.csv`. */
      export?: {
        /** Most rows in one CSV export; the `Audit-Next-Cursor` header continues it. Default 10000. */
        maxRows?: number;
      };
    };
    dora?: {
      privacy?: {
        /**
         * Key of the keyed hash (HMAC-SHA256) that pseudonymises actors. When
         * set, the audit plugin stores users as their pseudonym too.
         * @visibility secret
         */
        actorHashKey?: string;
      };
    };
  };
}
