import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Sending delivery events to Goldpath (REST ingestion). Service principals,
 * such as CI systems with an external-access token, are checked too.
 *
 * @public
 */
export const doraEventsCreatePermission = createPermission({
  name: 'dora.events.create',
  attributes: { action: 'create' },
});

/**
 * Reading DORA scorecards and rollups.
 *
 * @public
 */
export const doraScorecardsReadPermission = createPermission({
  name: 'dora.scorecards.read',
  attributes: { action: 'read' },
});

/** Every permission of the dora plugin. @public */
export const doraPermissions = [
  doraEventsCreatePermission,
  doraScorecardsReadPermission,
];
