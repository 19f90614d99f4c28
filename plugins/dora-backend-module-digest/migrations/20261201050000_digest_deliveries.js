// @ts-check

/**
 * Weekly digest deliveries: one row per digest (a team's, or the platform
 * team's fleet digest) and reported week, so a retried run, or another
 * replica, never sends a team the same week twice. A row is `claimed` by
 * the run sending it, `sent` once the notifications service took it,
 * `pending` after a failed send (retried by the next run) and `dead` after
 * the last attempt, kept with its error.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dora_digest_deliveries', table => {
    table.comment('Weekly digest notifications sent, pending or given up');
    table
      .string('digest', 8)
      .notNullable()
      .comment("team (a team's digest) or fleet (the platform team's)");
    table
      .string('team_ref', 512)
      .notNullable()
      .comment('The team told, as an entity ref');
    table
      .string('week', 10)
      .notNullable()
      .comment('The reported week, ISO 8601 (2026-W48)');
    table
      .string('status', 16)
      .notNullable()
      .comment('claimed, sent, pending (to retry) or dead (given up)');
    table
      .integer('attempts')
      .notNullable()
      .defaultTo(0)
      .comment('Failed sends so far');
    table
      .string('claim', 64)
      .nullable()
      .comment('The id of the run that holds or last held it');
    table
      .bigInteger('claimed_at')
      .nullable()
      .comment('When it was last claimed, epoch ms');
    table
      .bigInteger('sent_at')
      .nullable()
      .comment('When the notifications service took it, epoch ms');
    table.text('last_error').nullable().comment('Why the last attempt failed');
    table
      .bigInteger('updated_at')
      .notNullable()
      .comment('Last change, epoch ms');
    table.primary(['digest', 'team_ref', 'week']);
    table.index(['week', 'status'], 'dora_digest_deliveries_week_idx');
    table.index(['claim'], 'dora_digest_deliveries_claim_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dora_digest_deliveries');
};
