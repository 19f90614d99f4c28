// @ts-check

/**
 * Indexes for the filters of hot and batch queries (issue 9, bounded cost):
 *
 * - `findArtifactChange` reads build events by `(type, subject_id)`;
 * - the retention purge deletes events by `occurred_at` alone, in batches;
 * - snapshot pruning deletes by `computed_at`.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('dora_events', table => {
    table.index(['type', 'subject_id'], 'dora_events_type_subject_idx');
    table.index(['occurred_at'], 'dora_events_occurred_idx');
  });
  await knex.schema.alterTable('dora_scorecard_snapshots', table => {
    table.index(['computed_at'], 'dora_snapshots_computed_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('dora_scorecard_snapshots', table => {
    table.dropIndex(['computed_at'], 'dora_snapshots_computed_idx');
  });
  await knex.schema.alterTable('dora_events', table => {
    table.dropIndex(['occurred_at'], 'dora_events_occurred_idx');
    table.dropIndex(['type', 'subject_id'], 'dora_events_type_subject_idx');
  });
};
