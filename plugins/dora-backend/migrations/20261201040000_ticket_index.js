// @ts-check

/**
 * An index for the platform-ticket read (`GET /api/dora/tickets`): every
 * event of the tickets active in a window, by `(type, subject_id)` (the
 * ticket id) and time, so the history of those tickets is read without
 * scanning the ticket events of all time.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('dora_events', table => {
    table.index(
      ['type', 'subject_id', 'occurred_at'],
      'dora_events_type_subject_time_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('dora_events', table => {
    table.dropIndex(
      ['type', 'subject_id', 'occurred_at'],
      'dora_events_type_subject_time_idx',
    );
  });
};
