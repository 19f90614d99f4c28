// @ts-check

/**
 * The policy store: audits (snapshots of one source's results for one
 * entity), the current state per entity and source, the open findings of the
 * current state, the compact per-entity summary the catalog reads, waivers,
 * and results that map to no entity yet.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('policy_audits', table => {
    table.comment(
      'Audits: every accepted report of one source (cluster or pipeline) for one entity, as a snapshot of its results',
    );
    table.bigIncrements('id').primary().comment('Audit id');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Full lower-case entity ref the results are about');
    table
      .string('source', 128)
      .notNullable()
      .comment('The cluster or pipeline that produced the report');
    table
      .string('ingest_id', 36)
      .notNullable()
      .comment('The request (or sink call) that stored the audit');
    table
      .string('format', 32)
      .notNullable()
      .comment(
        'wgpolicy | openreports | conftest | gatekeeper | gatekeeper-audit | sarif',
      );
    table
      .string('producer', 128)
      .nullable()
      .comment(
        'The tool that produced the report (kyverno, trivy, ...), when known',
      );
    table
      .bigInteger('audited_at')
      .notNullable()
      .comment(
        'When the audit ran (the report’s time, else receipt), epoch ms',
      );
    table
      .bigInteger('last_audit_at')
      .notNullable()
      .comment(
        'The latest audit that reported exactly these results (identical re-posts move it), epoch ms',
      );
    table
      .bigInteger('received_at')
      .notNullable()
      .comment('When Goldpath stored the audit, epoch ms');
    table
      .string('fingerprint', 64)
      .notNullable()
      .comment('SHA-256 of the results without their timestamps');
    table
      .text('counts')
      .notNullable()
      .comment(
        'PolicyCounts of the audit as JSON (report exceptions, no waivers)',
      );
    table
      .text('results')
      .notNullable()
      .comment(
        'The normalised results as JSON, each with its finding key and, when open, first-seen time',
      );
    table.index(
      ['entity_ref', 'source', 'audited_at'],
      'policy_audits_entity_source_idx',
    );
    table.index(['last_audit_at'], 'policy_audits_last_audit_idx');
  });

  await knex.schema.createTable('policy_sources', table => {
    table.comment('The current audit of every (entity, source)');
    table.string('entity_ref', 255).notNullable().comment('Entity ref');
    table.string('source', 128).notNullable().comment('Cluster or pipeline');
    table
      .bigInteger('latest_audit_id')
      .notNullable()
      .comment('policy_audits.id of the current audit');
    table
      .bigInteger('previous_audit_id')
      .nullable()
      .comment('policy_audits.id of the audit before it (drift), if any');
    table
      .bigInteger('last_audit_at')
      .notNullable()
      .comment('The current audit’s last audit time, epoch ms');
    table.primary(['entity_ref', 'source']);
    table.index(['latest_audit_id'], 'policy_sources_latest_idx');
    table.index(['previous_audit_id'], 'policy_sources_previous_idx');
  });

  await knex.schema.createTable('policy_findings', table => {
    table.comment(
      'Open violations of the current audits (report exceptions applied, waivers not), for the overview',
    );
    table.string('entity_ref', 255).notNullable().comment('Entity ref');
    table.string('source', 128).notNullable().comment('Cluster or pipeline');
    table
      .string('finding_hash', 64)
      .notNullable()
      .comment('SHA-256 of finding_key (a bounded primary key)');
    table
      .text('finding_key')
      .notNullable()
      .comment('Stable fingerprint of the finding (findingKey)');
    table.string('policy', 255).notNullable().comment('Policy name');
    table.string('rule', 255).nullable().comment('Rule name');
    table.string('status', 8).notNullable().comment('fail | warn | error');
    table
      .string('severity', 8)
      .nullable()
      .comment('The result’s own severity, when it has one');
    table.text('message').nullable().comment('The result’s message');
    table.text('resource').nullable().comment('PolicyResourceRef as JSON');
    table.string('file', 1024).nullable().comment('File the result is about');
    table
      .text('remediation')
      .nullable()
      .comment('Remediation the report carries');
    table
      .bigInteger('first_seen')
      .notNullable()
      .comment('First audit in which the finding was open, epoch ms');
    table
      .integer('occurrences')
      .notNullable()
      .comment('Results of the audit with this key');
    table.primary(['entity_ref', 'source', 'finding_hash']);
    table.index(['first_seen'], 'policy_findings_first_seen_idx');
    table.index(['policy'], 'policy_findings_policy_idx');
  });

  await knex.schema.createTable('policy_entity_summary', table => {
    table.comment(
      'The compact state per entity that GET /summary serves (catalog annotations); a null status marks a removed entity',
    );
    table
      .string('entity_ref', 255)
      .primary()
      .notNullable()
      .comment('Entity ref');
    table
      .string('status', 8)
      .nullable()
      .comment('pass | warn | fail; null: the entity lost its policy state');
    table
      .text('violations')
      .nullable()
      .comment('Open violations by severity as JSON (waivers applied)');
    table
      .integer('excepted')
      .notNullable()
      .comment('Excepted results (exceptions and active waivers)');
    table
      .bigInteger('last_audit_at')
      .nullable()
      .comment('The latest audit of any source, epoch ms');
    table
      .bigInteger('next_waiver_expiry')
      .nullable()
      .comment('When the next active waiver of the entity expires, epoch ms');
    table
      .bigInteger('updated_at')
      .notNullable()
      .comment('When this entry last changed, epoch ms (the summary cursor)');
    table.index(['updated_at', 'entity_ref'], 'policy_summary_updated_idx');
    table.index(['next_waiver_expiry'], 'policy_summary_expiry_idx');
    table.index(['last_audit_at'], 'policy_summary_last_audit_idx');
  });

  await knex.schema.createTable('policy_waivers', table => {
    table.comment(
      'Waivers recorded through the API; active ones turn matching violations into excepted results at read time',
    );
    table.string('id', 36).primary().notNullable().comment('Waiver id (UUID)');
    table.string('entity_ref', 255).notNullable().comment('Entity ref');
    table.string('policy', 255).notNullable().comment('Waived policy');
    table
      .string('rule', 255)
      .nullable()
      .comment('Waived rule; null: every rule');
    table
      .string('finding_key', 1024)
      .nullable()
      .comment(
        'One finding only; null: every finding of the policy (and rule)',
      );
    table.text('reason').notNullable().comment('Why');
    table
      .string('granted_by', 255)
      .notNullable()
      .comment('Entity ref of the user who granted it');
    table.bigInteger('created_at').notNullable().comment('Epoch ms');
    table.bigInteger('expires_at').notNullable().comment('Epoch ms');
    table.index(['entity_ref'], 'policy_waivers_entity_idx');
    table.index(['expires_at'], 'policy_waivers_expires_idx');
  });

  await knex.schema.createTable('policy_unmapped', table => {
    table.comment(
      'Results that map to no catalog entity yet; attached once the catalog claims them',
    );
    table.bigIncrements('id').primary().comment('Row id');
    table
      .string('ingest_id', 36)
      .notNullable()
      .comment('The request that brought the result');
    table.string('source', 128).notNullable().comment('Cluster or pipeline');
    table.string('format', 32).notNullable().comment('Report format');
    table.string('producer', 128).nullable().comment('Producing tool');
    table
      .bigInteger('audited_at')
      .notNullable()
      .comment('When the audit ran, epoch ms');
    table
      .bigInteger('received_at')
      .notNullable()
      .comment('When Goldpath received it, epoch ms');
    table
      .text('target')
      .notNullable()
      .comment(
        'What mapping looks at, as JSON: the resource and the repository',
      );
    table.text('result').notNullable().comment('The normalised result as JSON');
    table.index(['ingest_id'], 'policy_unmapped_ingest_idx');
    table.index(['received_at'], 'policy_unmapped_received_idx');
  });

  await knex.schema.createTable('policy_meta', table => {
    table.comment('Small key-value facts of the plugin’s scheduled work');
    table.string('key', 64).primary().notNullable().comment('Name');
    table.text('value').notNullable().comment('Value');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('policy_meta');
  await knex.schema.dropTable('policy_unmapped');
  await knex.schema.dropTable('policy_waivers');
  await knex.schema.dropTable('policy_entity_summary');
  await knex.schema.dropTable('policy_findings');
  await knex.schema.dropTable('policy_sources');
  await knex.schema.dropTable('policy_audits');
};
