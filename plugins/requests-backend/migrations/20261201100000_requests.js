// @ts-check

/**
 * The requests store: self-service requests with their decision and
 * fulfilment state, and the history of every status change.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('requests', table => {
    table.comment(
      'Self-service requests (database credentials, GPU quota, environments, ...)',
    );
    table.string('id', 36).primary().comment('Request id (UUID)');
    table
      .string('kind', 63)
      .notNullable()
      .comment('Kind slug, e.g. database-credentials');
    table
      .string('kind_title', 100)
      .notNullable()
      .comment('Display title of the kind');
    table.string('title', 300).notNullable().comment('One-line summary');
    table
      .text('justification')
      .nullable()
      .comment('Why the requester needs it');
    table
      .string('requester_ref', 255)
      .notNullable()
      .comment('The user the request is for (lower-case ref)');
    table
      .string('created_by', 255)
      .notNullable()
      .comment('The user or service principal that created it');
    table
      .string('target_ref', 255)
      .notNullable()
      .comment('The entity the request is for (lower-case ref)');
    table
      .string('target_owner_ref', 255)
      .nullable()
      .comment(
        'The target’s owner when the request was created (IS_TARGET_OWNER); null: no owner',
      );
    table
      .text('parameters')
      .notNullable()
      .comment('What is asked for, JSON (never secrets)');
    table
      .text('cost')
      .nullable()
      .comment('Cost estimate from the building block’s contract, JSON');
    table.text('fulfilment').notNullable().comment('Fulfilment spec, JSON');
    table
      .string('status', 16)
      .notNullable()
      .comment(
        'pending | approved | fulfilling | fulfilled | failed | rejected | cancelled',
      );
    table.bigInteger('created_at').notNullable().comment('epoch ms');
    table.bigInteger('updated_at').notNullable().comment('epoch ms');
    table
      .string('decision', 16)
      .nullable()
      .comment('approved | rejected | cancelled');
    table
      .string('decided_by', 255)
      .nullable()
      .comment('Who decided (or cancelled)');
    table.bigInteger('decided_at').nullable().comment('epoch ms');
    table.text('decision_reason').nullable();
    table.integer('fulfilment_attempts').notNullable().defaultTo(0);
    table
      .bigInteger('next_attempt_at')
      .nullable()
      .comment(
        'When the fulfilment task next looks at the request (a retry, a task poll or a lease), epoch ms',
      );
    table
      .text('last_error')
      .nullable()
      .comment('The last fulfilment error (bounded)');
    table
      .string('task_id', 64)
      .nullable()
      .comment('The scaffolder task of a scaffolder fulfilment');
    table
      .text('fulfilment_output')
      .nullable()
      .comment('What the fulfilment action returned, JSON');
    table
      .bigInteger('completed_at')
      .nullable()
      .comment('When it was fulfilled or failed, epoch ms');
    // "My requests"
    table.index(['requester_ref', 'created_at'], 'requests_requester_idx');
    // "To approve" (and the digest's pending requests per team)
    table.index(
      ['status', 'target_owner_ref', 'created_at'],
      'requests_status_owner_idx',
    );
    // The fulfilment task: due requests per status
    table.index(['status', 'next_attempt_at'], 'requests_due_idx');
  });

  await knex.schema.createTable('requests_history', table => {
    table.comment('Every status change of a request: who, when, from, to, why');
    table.bigIncrements('seq').primary();
    table
      .string('request_id', 36)
      .notNullable()
      .references('id')
      .inTable('requests')
      .onDelete('CASCADE');
    table.bigInteger('at').notNullable().comment('epoch ms');
    table.string('actor', 255).notNullable();
    table.string('from_status', 16).nullable().comment('null for the creation');
    table.string('to_status', 16).notNullable();
    table.text('reason').nullable();
    table.index(['request_id', 'seq'], 'requests_history_request_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('requests_history');
  await knex.schema.dropTable('requests');
};
