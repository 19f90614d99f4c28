export interface Config {
  goldpath?: {
    requests?: {
      approval?: {
        /**
         * Whether a requester who may approve (e.g. owns the target) may decide
         * their own request. Default false (four eyes).
         */
        allowSelfApproval?: boolean;
      };
      fulfilment?: {
        /** Attempts of a fulfilment (action run, scaffolder task creation) before the request fails. Default 5. */
        maxAttempts?: number;
        /** How often the global fulfilment task looks for due work, e.g. `30s` (default). */
        frequency?: string;
        /** The first retry waits this long, doubling each time, e.g. `1m` (default). */
        retryBackoff?: string;
        /** How often a running scaffolder task is checked, e.g. `30s` (default). */
        pollInterval?: string;
      };
    };
  };
}
