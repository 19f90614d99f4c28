// @ts-check

/**
 * Dead letters: events taken from the Backstage events bus that could not be
 * stored after the in-process retries. They are listed by
 * `GET /api/dora/dead-letters` and replayed by a scheduled task, which
 * deletes an entry once its events are stored (event ids make a replay
 * idempotent).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dora_dead_letters', table => {
    table.comment('Events-bus events that could not be stored yet');
    table.string('id', 64).primary().comment('A random id');
    table
      .string('source', 32)
      .notNullable()
      .comment('The kind of payload: github, gitlab or canonical');
    table
      .string('topic', 255)
      .notNullable()
      .comment('The events-bus topic it came from');
    table
      .text('payload')
      .nullable()
      .comment(
        'The event as JSON {topic, eventPayload, metadata}; null when it was larger than the bound',
      );
    table
      .bigInteger('payload_bytes')
      .notNullable()
      .comment('Size of the JSON payload in bytes');
    table
      .text('reason')
      .notNullable()
      .comment('Why it could not be stored (the last error)');
    table
      .integer('attempts')
      .notNullable()
      .comment('How many times storing it was tried');
    table
      .bigInteger('first_failed_at')
      .notNullable()
      .comment('When it first failed, epoch ms');
    table
      .bigInteger('last_failed_at')
      .notNullable()
      .comment('When it last failed, epoch ms');
    table
      .bigInteger('replayed_at')
      .nullable()
      .comment('When the replay task last tried it, epoch ms');
    table.index(['first_failed_at', 'id'], 'dora_dead_letters_list_idx');
    table.index(['last_failed_at', 'id'], 'dora_dead_letters_replay_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dora_dead_letters');
};
