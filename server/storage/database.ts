import pg from 'pg';

export type Database = pg.Pool;
export type Queryable = pg.Pool | pg.PoolClient;

// JSON columns come back parsed; bigint counts as numbers (they stay far below 2^53 here).
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface DatabaseOptions {
  /**
   * false: commits return before the WAL reaches disk. Only for writes that a PostgreSQL crash may
   * lose without breaking a promise (see server.ts); never for accepting events.
   */
  synchronousCommit?: boolean;
  applicationName?: string;
}

const CONNECT_TIMEOUT_MS = 10_000;

export function createDatabase(connectionString: string, maxConnections = 20, options: DatabaseOptions = {}): Database {
  const pool = new pg.Pool({
    connectionString,
    max: maxConnections,
    // A server that does not answer (rather than refuse) must not hold requests forever: after this
    // long without a connection the statement fails, and an HTTP request answers 503.
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: options.applicationName ?? 'weft',
    ...(options.synchronousCommit === false ? { options: '-c synchronous_commit=off' } : {}),
  });
  // An idle client losing its connection (PostgreSQL restarted) must not crash the process;
  // the pool drops it and the next query opens a fresh one.
  pool.on('error', () => {});
  // The pool takes its own listener off a client while the client is checked out (a transaction),
  // and a client whose connection dies then emits 'error' with no one listening, which ends the
  // process. The statement in flight already fails with that error, and release() discards the
  // dead client, so this listener has nothing left to do.
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

/** Runs `work` in one transaction: all of it commits, or none of it does. */
export async function inTransaction<T>(database: Database, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await database.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
