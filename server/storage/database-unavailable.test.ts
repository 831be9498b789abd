import { createServer } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/test-database.ts';
import { isDatabaseUnavailable } from './database-unavailable.ts';

// Real errors, made the way Weft meets them, rather than hand-built look-alikes.
let closedPort = 0;
let database: { url: string; drop(): Promise<void> };
beforeAll(async () => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  closedPort = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise((resolve) => probe.close(resolve));
  database = await createTestDatabase();
});
afterAll(async () => database?.drop());

async function errorOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected the work to fail');
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

describe('isDatabaseUnavailable', () => {
  it.each([
    { name: 'a refused connection', unavailable: true, make: () => withClient(`postgres://weft:weft@127.0.0.1:${closedPort}/x`, async () => {}) },
    {
      name: 'a connection the server terminates',
      unavailable: true,
      make: () =>
        withClient(database.url, async (client) => {
          const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
          await withClient(database.url, (admin) => admin.query('SELECT pg_terminate_backend($1)', [pid]));
          await client.query('SELECT 1');
        }),
    },
    { name: 'a statement PostgreSQL refuses', unavailable: false, make: () => withClient(database.url, (client) => client.query('SELECT * FROM no_such_table')) },
    { name: 'another service refusing an HTTP call', unavailable: false, make: () => fetch(`http://127.0.0.1:${closedPort}/`) },
  ])('says $unavailable for $name', async ({ make, unavailable }) => {
    expect(isDatabaseUnavailable(await errorOf(make))).toBe(unavailable);
  });
});
