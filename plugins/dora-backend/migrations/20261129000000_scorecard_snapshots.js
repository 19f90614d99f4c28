// @ts-check

/**
 * Per-service versions (bumped by every ingestion that stores an event of
 * the service) and computed scorecards keyed by service, window, instant and
 * options. A snapshot is valid while its version equals the service's.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dora_service_state', table => {
    table.comment('One row per service that has events');
    table
      .string('service_ref', 255)
      .primary()
      .notNullable()
      .comment('Full lower-case entity ref of the service');
    table
      .bigInteger('version')
      .notNullable()
      .comment('Bumped by every ingestion that stores events of the service');
    table
      .bigInteger('updated_at')
      .notNullable()
      .comment('When events of the service were last stored, epoch ms');
  });
  await knex.schema.createTable('dora_scorecard_snapshots', table => {
    table.comment(
      'Computed service scorecards: weekly snapshots (as_of on a Monday 00:00 UTC) and short-lived rollup caches',
    );
    table.string('service_ref', 255).notNullable().comment('The service');
    table.integer('window_days').notNullable().comment('Window length in days');
    table
      .bigInteger('as_of')
      .notNullable()
      .comment('End of the window (exclusive), epoch ms');
    table
      .string('options_key', 64)
      .notNullable()
      .comment(
        'Hash of the engine options (benchmark, thresholds, compatibility options)',
      );
    table
      .bigInteger('version')
      .notNullable()
      .comment('dora_service_state.version the scorecard was computed from');
    table
      .text('scorecard')
      .notNullable()
      .comment('The ServiceScorecard as JSON, without trends');
    table.bigInteger('computed_at').notNullable().comment('Epoch ms');
    table.primary(['service_ref', 'window_days', 'as_of', 'options_key']);
    table.index(['as_of', 'window_days'], 'dora_snapshots_as_of_idx');
  });
  // Data: every service that already has events starts at version 1.
  await knex.raw(
    `INSERT INTO dora_service_state (service_ref, version, updated_at)
     SELECT service_ref, 1, MAX(received_at) FROM dora_events
     WHERE service_ref IS NOT NULL GROUP BY service_ref`,
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dora_scorecard_snapshots');
  await knex.schema.dropTable('dora_service_state');
};
