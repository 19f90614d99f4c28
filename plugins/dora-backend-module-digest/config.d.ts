export interface Config {
  goldpath?: {
    dora?: {
      /**
       * The weekly digest (`@goldpath/plugin-dora-backend-module-digest`):
       * each owning team's DORA scorecard, open policy violations and pending
       * requests, and the platform team's fleet digest, through Backstage's
       * notifications plugin (`@backstage/plugin-notifications-backend` must
       * be installed). Off unless `enabled: true`.
       */
      digest?: {
        /** Default false: nobody gets a digest. */
        enabled?: boolean;
        /**
         * When the global task runs: a cron expression (`0 7 * * 1`, UTC) or a
         * duration of at least a minute (`1h`, the default). Each team gets
         * one digest per week whatever the schedule; runs after the first
         * of a week only retry failed sends.
         */
        schedule?: string;
        /** The Group that gets the fleet digest. Default `group:default/platform`. */
        platformTeam?: string;
        /** The first day of a reported week (UTC). Default `monday`. */
        weekStartsOn?:
          | 'sunday'
          | 'monday'
          | 'tuesday'
          | 'wednesday'
          | 'thursday'
          | 'friday'
          | 'saturday';
        /**
         * Failed sends of one digest before it is kept as a dead letter
         * (1-100, default 5).
         */
        maxAttempts?: number;
      };
    };
  };
}
