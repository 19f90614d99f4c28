// @ts-check

/**
 * The audit trail outbox, in the database of the plugin that records: every
 * accepted record waits here until the audit plugin confirmed it, is retried
 * with backoff, and is kept as a dead letter when it cannot be delivered.
 * Prefixed `audit_trail_` so it never clashes with the plugin's own tables;
 * knex records these migrations in `audit_trail_knex_migrations`.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('audit_trail_outbox', table => {
    table.comment(
      'Audit records not yet confirmed by the audit plugin; dead letters have dead_at set',
    );
    table
      .string('id', 128)
      .primary()
      .notNullable()
      .comment('The audit record id (redelivery is idempotent by it)');
    table
      .string('plugin_id', 64)
      .notNullable()
      .comment(
        'The plugin that recorded it; each plugin flushes only its own rows, so a database shared by plugins stays correct',
      );
    table.text('record').notNullable().comment('The audit record as JSON');
    table
      .bigInteger('created_at')
      .notNullable()
      .comment('When the record was accepted, epoch ms');
    table
      .integer('attempts')
      .notNullable()
      .defaultTo(0)
      .comment('Failed delivery attempts so far');
    table
      .bigInteger('next_attempt_at')
      .notNullable()
      .comment('Not delivered before this time (backoff), epoch ms');
    table
      .text('last_error')
      .nullable()
      .comment('Why the last attempt failed (status and message, no secrets)');
    table
      .bigInteger('dead_at')
      .nullable()
      .comment('When the record became a dead letter; null while pending');
    table.index(
      ['plugin_id', 'dead_at', 'next_attempt_at'],
      'audit_trail_outbox_due_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('audit_trail_outbox');
};
