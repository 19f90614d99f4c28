// @ts-check

/**
 * Events from webhooks whose tool identity (repository, PagerDuty service,
 * Argo CD app, ...) no catalog entity claims yet. They are attached to their
 * service, and moved to dora_events, once the catalog learns the mapping.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dora_unresolved_events', table => {
    table.comment(
      'Webhook events waiting for their tool identity to map to an entity',
    );
    table.string('id', 256).primary().notNullable().comment('The event id');
    table
      .string('source', 64)
      .notNullable()
      .comment('github, gitlab, pagerduty, ...');
    table
      .string('identity_annotation', 128)
      .notNullable()
      .comment('Catalog annotation that would claim the identity');
    table
      .string('identity_value', 512)
      .notNullable()
      .comment('The identity as the tool sent it (lower-cased)');
    table
      .string('fallback_name', 128)
      .notNullable()
      .comment('A readable name for the identity');
    table
      .text('event')
      .notNullable()
      .comment('The canonical event as JSON, without service');
    table
      .bigInteger('occurred_at')
      .notNullable()
      .comment('Event timestamp, epoch ms');
    table
      .bigInteger('received_at')
      .notNullable()
      .comment('Receipt time, epoch ms');
    table.index(
      ['identity_annotation', 'identity_value'],
      'dora_unresolved_identity_idx',
    );
    table.index(['received_at'], 'dora_unresolved_received_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dora_unresolved_events');
};
