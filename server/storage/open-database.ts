import { join } from 'node:path';
import pg from 'pg';
import type { WeftConfig } from '../config.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres.ts';

export interface DatabaseLocation {
  connectionString: string;
  /** Set when Weft started its own PostgreSQL, which it must then stop. */
  embedded: EmbeddedDatabase | undefined;
}

const EMBEDDED_DATABASE = 'weft';

/** The configured PostgreSQL, or an embedded one under the data directory when none is configured. */
export async function openDatabaseLocation(config: WeftConfig, log: (message: string) => void): Promise<DatabaseLocation> {
  if (config.databaseUrl !== undefined) return { connectionString: config.databaseUrl, embedded: undefined };
  log(`starting embedded PostgreSQL in ${join(config.dataDir, 'postgres')}`);
  const embedded = await startEmbeddedPostgres({ dataDir: join(config.dataDir, 'postgres'), durable: true });
  const admin = new pg.Client({ connectionString: embedded.connectionString });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = new URL(embedded.connectionString);
  url.pathname = `/${EMBEDDED_DATABASE}`;
  return { connectionString: url.toString(), embedded };
}
