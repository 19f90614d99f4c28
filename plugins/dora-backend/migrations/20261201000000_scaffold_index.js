// @ts-check

/**
 * An index for the catalog's template-attribution read: scaffold events
 * received since a cursor (`GET /api/dora/scaffold-attributions?since=`).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('dora_events', table => {
    table.index(['type', 'received_at'], 'dora_events_type_received_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('dora_events', table => {
    table.dropIndex(['type', 'received_at'], 'dora_events_type_received_idx');
  });
};
