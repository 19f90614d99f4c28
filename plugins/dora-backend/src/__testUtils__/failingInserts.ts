import { Knex } from 'knex';

/**
 * Makes the next `n` INSERT statements into `table` fail, in the real
 * database: a trigger that raises while a budget lasts. The budget is kept
 * outside the failing transaction (a PostgreSQL sequence, a JavaScript
 * function on SQLite's single connection), so the rollback does not give it
 * back. `set(ALWAYS)` makes every insert fail; `set(0)` lets every insert
 * through again.
 */
/** A budget at least this large: every insert fails until `set(0)`. */
export const ALWAYS = 1000;

export async function failingInserts(knex: Knex, table: string) {
  const name = `goldpath_fail_${table}`;
  if (knex.client.config.client === 'pg') {
    await knex.raw(`CREATE SEQUENCE IF NOT EXISTS ${name}_seq`);
    await knex.raw(
      `CREATE TABLE IF NOT EXISTS ${name}_budget (n bigint NOT NULL)`,
    );
    await knex.raw(`DELETE FROM ${name}_budget`);
    await knex.raw(`INSERT INTO ${name}_budget (n) VALUES (0)`);
    await knex.raw(`
      CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger AS $$
      BEGIN
        IF nextval('${name}_seq') <= (SELECT n FROM ${name}_budget) THEN
          RAISE EXCEPTION 'injected storage failure';
        END IF;
        RETURN NULL;
      END $$ LANGUAGE plpgsql`);
    await knex.raw(`DROP TRIGGER IF EXISTS ${name} ON ${table}`);
    await knex.raw(
      `CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${name}()`,
    );
    return {
      async set(n: number) {
        await knex.raw(`ALTER SEQUENCE ${name}_seq RESTART WITH 1`);
        await knex.raw(`UPDATE ${name}_budget SET n = ?`, [n]);
      },
    };
  }
  let remaining = 0;
  const connection = await knex.client.acquireConnection();
  try {
    connection.function(name, { varargs: false }, () => {
      if (remaining > 0) {
        remaining--;
        return 1;
      }
      return 0;
    });
  } finally {
    await knex.client.releaseConnection(connection);
  }
  // "Every insert fails" is a row of a flag table (set outside the failing
  // transactions); "the next n fail" is the function's counter.
  await knex.raw(`CREATE TABLE IF NOT EXISTS ${name}_always (on_flag integer)`);
  await knex.raw(`DROP TRIGGER IF EXISTS ${name}`);
  await knex.raw(`
    CREATE TRIGGER ${name} BEFORE INSERT ON ${table}
    WHEN EXISTS (SELECT 1 FROM ${name}_always) OR ${name}() = 1
    BEGIN SELECT RAISE(ABORT, 'injected storage failure'); END`);
  // Read the schema once on this connection: without it, a statement run
  // right after was seen to miss the new trigger under load (SQLite re-reads
  // the schema lazily).
  await knex.raw(
    `SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger'`,
  );
  return {
    async set(n: number) {
      await knex(`${name}_always`).delete();
      if (n >= ALWAYS) {
        await knex(`${name}_always`).insert({ on_flag: 1 });
        remaining = 0;
      } else {
        remaining = n;
      }
    },
  };
}
