export interface Config {
  goldpath?: {
    demo?: {
      /**
       * Load a generated delivery history for the example organisation into
       * the dora store at start. For demos and local development only.
       */
      enabled?: boolean;
      /** Days of history to generate. Default 90. */
      days?: number;
    };
  };
}
