// @ts-check

/**
 * The audit store: one row per audit record, newest first by
 * (occurred_at, seq). Every filter of GET /records has an index that ends
 * with the time, so a filtered page is an index range scan.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('audit_records', table => {
    table.comment('Audit records of platform actions, one row each');
    table
      .bigIncrements('seq')
      .primary()
      .comment('Insertion order: breaks ties of occurred_at (stable paging)');
    table
      .string('id', 128)
      .notNullable()
      .unique({ indexName: 'audit_records_id_uq' })
      .comment('Record id given by the sender (redelivery is idempotent)');
    table
      .bigInteger('occurred_at')
      .notNullable()
      .comment('When the action happened, epoch ms');
    table
      .bigInteger('received_at')
      .notNullable()
      .comment('When the audit plugin stored the record, epoch ms');
    table.string('actor_type', 16).notNullable().comment('user | service');
    table
      .string('actor_ref', 255)
      .notNullable()
      .comment(
        'User entity ref (or its pseudonym anon:…) or service subject (plugin:dora)',
      );
    table
      .string('action', 128)
      .notNullable()
      .comment('Dotted action, e.g. requests.request.approved');
    table
      .string('target_entity_ref', 255)
      .nullable()
      .comment('Entity the action was about, lower case');
    table
      .string('outcome', 16)
      .notNullable()
      .comment('succeeded | failed | rejected');
    table
      .string('correlation_id', 128)
      .notNullable()
      .comment('Ties the records of one flow together');
    table
      .string('plugin', 64)
      .notNullable()
      .comment('The plugin that recorded the action');
    table.text('meta').nullable().comment('Small JSON object (≤ 4 KB)');
    table.index(['occurred_at', 'seq'], 'audit_records_time_idx');
    table.index(['actor_ref', 'occurred_at'], 'audit_records_actor_idx');
    table.index(
      ['target_entity_ref', 'occurred_at'],
      'audit_records_entity_idx',
    );
    table.index(
      ['correlation_id', 'occurred_at'],
      'audit_records_correlation_idx',
    );
  });
  // Action filters are prefix matches (`action LIKE 'requests.%'`): on
  // PostgreSQL only a pattern-ops index serves them whatever the collation.
  if (knex.client.dialect === 'postgresql') {
    await knex.raw(
      'CREATE INDEX audit_records_action_idx ON audit_records (action text_pattern_ops, occurred_at)',
    );
  } else {
    await knex.schema.alterTable('audit_records', table => {
      table.index(['action', 'occurred_at'], 'audit_records_action_idx');
    });
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('audit_records');
};
