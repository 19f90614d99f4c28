import { HumanDuration } from '@backstage/types';

export interface Config {
  goldpath?: {
    catalog?: {
      contracts?: {
        /**
         * How often each backend process re-reads the building blocks'
         * contracts from the catalog, to check consumers against them
         * (`30s`, `5m`, or `{ minutes: 5 }`). Default `1m`.
         */
        refreshInterval?: string | HumanDuration;
      };
      attribution?: {
        /**
         * Read scaffold events from the Goldpath dora plugin. Default `true`;
         * set `false` in installations without `@goldpath/plugin-dora-backend`
         * (attribution then comes from annotations only).
         */
        enabled?: boolean;
        /** How often the scaffold events are read. Default `1m`. */
        refreshInterval?: string | HumanDuration;
      };
      policy?: {
        /**
         * Read the policy summary from the Goldpath policy plugin. Default
         * `true`; set `false` in installations without
         * `@goldpath/plugin-policy-backend` (no entity then has policy
         * annotations).
         */
        enabled?: boolean;
        /** How often the policy summary is read (a delta). Default `10s`. */
        refreshInterval?: string | HumanDuration;
      };
    };
  };
}
