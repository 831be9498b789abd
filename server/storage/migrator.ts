import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Database, inTransaction } from './database.ts';

export const migrationsDir = join(import.meta.dirname, '..', '..', 'migrations');

// Any constant shared by every Weft process works; this one spells "weft" in ASCII.
const MIGRATION_LOCK = 0x77656674;

/**
 * Applies the migrations in `migrations/` not yet applied, in name order, each in its own
 * transaction. An advisory lock makes processes that start together take turns, so each
 * migration runs exactly once.
 */
export async function migrate(database: Database, directory = migrationsDir): Promise<string[]> {
  const files = (await readdir(directory)).filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name)).sort();
  const client = await database.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS weft_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM weft_migrations')).rows.map((row) => row.name));
    const applied: string[] = [];
    for (const name of files.filter((file) => !done.has(file))) {
      const sql = await readFile(join(directory, name), 'utf8');
      await inTransaction(database, async (transaction) => {
        await transaction.query(sql);
        await transaction.query('INSERT INTO weft_migrations (name) VALUES ($1)', [name]);
      });
      applied.push(name);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
}
