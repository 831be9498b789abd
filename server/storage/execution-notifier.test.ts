import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/test-database.ts';
import { EXECUTION_FINISHED_CHANNEL } from './execution-lifecycle.ts';
import { type ExecutionNotifier, startExecutionNotifier } from './execution-notifier.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let notifier: ExecutionNotifier;

beforeAll(async () => {
  database = await createTestDatabase();
  notifier = await startExecutionNotifier(database.url, (error) => {
    throw error;
  });
});
afterAll(async () => {
  await notifier?.stop();
  await database?.drop();
});

/** What a worker in another process does when it commits an outcome. */
async function notifyFinished(executionId: string) {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query('SELECT pg_notify($1, $2)', [EXECUTION_FINISHED_CHANNEL, executionId]);
  await client.end();
}

describe('waiting for an execution to finish', () => {
  it('ends with the outcome itself when this process committed it', async () => {
    const executionId = randomUUID();
    const waiter = notifier.waitFor(executionId, 10_000);
    const outcome = { status: 'succeeded' as const, error: null, response: { status: 201, headers: {}, body: 'made' } };
    notifier.finished(executionId, outcome);
    expect(await waiter.finished).toEqual({ finished: true, outcome });
  });

  it('ends without the outcome when another process says, through PostgreSQL, that it finished', async () => {
    const executionId = randomUUID();
    const waiter = notifier.waitFor(executionId, 10_000);
    await notifyFinished(executionId);
    expect(await waiter.finished).toEqual({ finished: true });
  });

  it('ends with the outcome handed over when the execution runs here, though the notification came first', async () => {
    const executionId = randomUUID();
    const waiter = notifier.waitFor(executionId, 10_000, true);
    await notifyFinished(executionId);
    // The notification arrives on the listening connection; give it time to be read.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const outcome = { status: 'succeeded' as const, error: null, response: null };
    notifier.finished(executionId, outcome);
    expect(await waiter.finished).toEqual({ finished: true, outcome });
  });

  it('ends without the outcome after the notification when an execution meant to run here never hands one over', async () => {
    const executionId = randomUUID();
    const waiter = notifier.waitFor(executionId, 10_000, true);
    const notifiedAt = Date.now();
    await notifyFinished(executionId);
    expect(await waiter.finished).toEqual({ finished: true });
    expect(Date.now() - notifiedAt).toBeLessThan(10_000);
  });

  it('ends unfinished when the time is up, and wakes only the waiters of that execution', async () => {
    const [mine, other] = [randomUUID(), randomUUID()];
    const waiter = notifier.waitFor(mine, 50);
    notifier.finished(other, { status: 'failed', error: { nodeId: 'x', code: 'boom', message: 'it broke' }, response: null });
    expect(await waiter.finished).toEqual({ finished: false });
  });
});
