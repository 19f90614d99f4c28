// @ts-check

/**
 * An index for the platform-ticket read (`GET /api/dora/tickets`): every
 * event of the tickets active in a window, by `(type, subject_id)` (the
 * ticket id) and time, so the history of those tickets is read without
 * scanning the ticket events of all time.
 *
 * It replaces `dora_events_type_subject_idx` (20261201030000): that
 * `(type, subject_id)` index is a prefix of this one, which serves every read
 * it served, so keeping both would only cost writes and space.
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
  await knex.schema.alterTable('dora_events', table => {
    table.dropIndex(['type', 'subject_id'], 'dora_events_type_subject_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('dora_events', table => {
    table.index(['type', 'subject_id'], 'dora_events_type_subject_idx');
  });
  await knex.schema.alterTable('dora_events', table => {
    table.dropIndex(
      ['type', 'subject_id', 'occurred_at'],
      'dora_events_type_subject_time_idx',
    );
  });
};
