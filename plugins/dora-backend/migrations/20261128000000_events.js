// @ts-check

/**
 * The event store: one row per canonical delivery event (EVENTS.md).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dora_events', table => {
    table.comment(
      'Canonical delivery events (EVENTS.md), one row per event id',
    );
    table
      .string('id', 256)
      .primary()
      .notNullable()
      .comment(
        'The idempotency key: re-sending an event with this id changes nothing',
      );
    table
      .string('type', 16)
      .notNullable()
      .comment('change | build | deployment | incident | scaffold | ticket');
    table
      .string('service_ref', 255)
      .nullable()
      .comment(
        'Full lower-case entity ref of the service (null for tickets without one)',
      );
    table
      .bigInteger('occurred_at')
      .notNullable()
      .comment('The event timestamp, epoch milliseconds UTC');
    table
      .string('subject_id', 256)
      .nullable()
      .comment(
        'deploymentId, incidentId, commitSha, ticketId or template of the event',
      );
    table.string('source', 64).nullable().comment('The producing tool');
    table
      .text('event')
      .notNullable()
      .comment('The normalised event as JSON; actors already pseudonymised');
    table
      .bigInteger('received_at')
      .notNullable()
      .comment('When Goldpath stored the event, epoch milliseconds UTC');
    table.index(['service_ref', 'occurred_at'], 'dora_events_service_time_idx');
    table.index(['type', 'occurred_at'], 'dora_events_type_time_idx');
    table.index(['received_at'], 'dora_events_received_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dora_events');
};
