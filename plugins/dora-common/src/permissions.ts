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

/**
 * Listing the events-bus events that could not be stored yet (dead
 * letters). Service principals may list them without it.
 *
 * @public
 */
export const doraDeadLettersReadPermission = createPermission({
  name: 'dora.deadletters.read',
  attributes: { action: 'read' },
});

/** Every permission of the dora plugin. @public */
export const doraPermissions = [
  doraEventsCreatePermission,
  doraScorecardsReadPermission,
  doraDeadLettersReadPermission,
];
