export interface Config {
  goldpath?: {
    demo?: {
      /**
       * Load demo data for the example organisation at start: two audits of
       * policy reports a week apart (this module), and the dora demo
       * history. For demos and local development only.
       */
      enabled?: boolean;
    };
  };
}
