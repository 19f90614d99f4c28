// @ts-check

/**
 * Version-drift notices: which owners were told about which version of a
 * template, so a rerun or another replica never tells them twice. A notice
 * is `claimed` by one run before it is sent and `sent` after the
 * notifications service took it; a failed send deletes the claim, so the
 * next run tries again.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dora_version_notices', table => {
    table.comment(
      'Owners told that a template they were created from has a new version',
    );
    table
      .string('template_ref', 512)
      .notNullable()
      .comment('The template, as an entity ref');
    table
      .string('version', 128)
      .notNullable()
      .comment("The template's version the owner was told about");
    table
      .string('owner_ref', 512)
      .notNullable()
      .comment('The owner told, as an entity ref');
    table
      .string('status', 16)
      .notNullable()
      .comment('claimed (a run is sending it) or sent');
    table
      .string('claim', 64)
      .notNullable()
      .comment('The id of the run that claimed it');
    table
      .bigInteger('claimed_at')
      .notNullable()
      .comment('When it was claimed, epoch ms');
    table
      .bigInteger('sent_at')
      .nullable()
      .comment('When the notifications service took it, epoch ms');
    table
      .text('services')
      .notNullable()
      .comment('The services behind the version, as JSON [{ref, version}]');
    table.primary(['template_ref', 'version', 'owner_ref']);
    table.index(['claim'], 'dora_version_notices_claim_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dora_version_notices');
};
