/**
 * The refresh keys Goldpath's processors emit. An entity that emitted a key
 * is reprocessed when the module refreshes that key, i.e. when the data
 * behind it changed. Refs are lower-case, as `stringifyEntityRef` writes them.
 */

/** Emitted by a consumer for each block it was built against. */
export const contractRefreshKey = (blockRef: string) =>
  `goldpath:contract:${blockRef.toLocaleLowerCase('en-US')}`;

/** Emitted by every entity the attribution processor looks at. */
export const attributionRefreshKey = (entityRef: string) =>
  `goldpath:attribution:${entityRef.toLocaleLowerCase('en-US')}`;

/** Emitted by every entity the policy-status processor looks at. */
export const policyRefreshKey = (entityRef: string) =>
  `goldpath:policy:${entityRef.toLocaleLowerCase('en-US')}`;
