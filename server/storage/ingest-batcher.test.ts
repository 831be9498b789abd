import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';
import { createDatabase, type Database } from './database.ts';
import { createIngestBatcher, type IngestBatcher, type LocalRunner } from './ingest-batcher.ts';
import { EXECUTE_QUEUE, type JobQueue, startJobQueue } from './job-queue.ts';

let weft: TestWeft;
let database: Database;
let queue: JobQueue;
let batcher: IngestBatcher;

beforeAll(async () => {
  // Role api: no worker takes the jobs, so the test can count them as queued.
  weft = await startTestWeft({ WEFT_ROLE: 'api' });
  database = createDatabase(weft.databaseUrl, 4);
  queue = await startJobQueue(weft.databaseUrl, { onError: () => {}, heartbeatSeconds: 30 });
  batcher = createIngestBatcher(database, queue);
  await weft.api('/api/flows', {
    body: { formatVersion: 1, id: 'batched', name: 'batched', nodes: [{ id: 'start', type: 'core.manual', typeVersion: 1, params: {} }], edges: [] },
  });
});
afterAll(async () => {
  await queue?.stop();
  await database?.end();
  await weft?.stop();
});

const event = (flowId: string, n: number) => ({
  flowId,
  flowVersion: null,
  draftDocument: { formatVersion: 1 as const, id: flowId, name: flowId, description: '', nodes: [], edges: [], settings: { timeoutMs: 300_000, concurrency: 0 } },
  triggerNode: null,
  mode: 'webhook' as const,
  payload: { n },
});

async function stored(ids: readonly string[]) {
  const executions = await database.query('SELECT count(*)::int AS count FROM weft_executions WHERE id = ANY($1::uuid[])', [ids]);
  const jobs = await database.query(`SELECT count(*)::int AS count FROM weft_queue.job WHERE name = $1 AND data->>'executionId' = ANY($2::text[])`, [EXECUTE_QUEUE, ids]);
  return { executions: executions.rows[0]?.count, jobs: jobs.rows[0]?.count };
}

describe('group commit at ingest', () => {
  it('stores every one of a burst of events with its job, each answered with its own id', async () => {
    // More than one statement takes (MAX_ROWS_PER_INSERT): several group commits of one statement each.
    const ids = await Promise.all(Array.from({ length: 300 }, (_, n) => batcher.accept(event('batched', n))));
    expect(new Set(ids).size).toBe(300);
    expect(await stored(ids)).toEqual({ executions: 300, jobs: 300 });
    const payloads = await database.query('SELECT id::text, payload FROM weft_executions WHERE id = ANY($1::uuid[])', [ids]);
    expect(new Map(payloads.rows.map((row) => [row.id, row.payload]))).toEqual(new Map(ids.map((id, n) => [id, { n }])));
  });

  it('fails only the bad event of a commit it shared with good ones', async () => {
    const outcomes = await Promise.allSettled([
      batcher.accept(event('batched', 1)),
      batcher.accept(event('batched', 2)),
      batcher.accept(event('no-such-flow', 3)),
      batcher.accept(event('batched', 4)),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const ids = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    expect(await stored(ids)).toEqual({ executions: 3, jobs: 3 });
  });

  it('runs here the good events of a commit it shared with a bad one, and lets the bad run go', async () => {
    const started: string[] = [];
    const cancelled: unknown[] = [];
    const local: LocalRunner = {
      take: async (incoming) => ({ claimedBy: 'ingest-test-worker', start: (id) => void started.push(id), cancel: () => void cancelled.push(incoming.payload) }),
      accepting: () => {},
      accepted: () => {},
    };
    const runningHere = createIngestBatcher(database, queue, local);
    const outcomes = await Promise.allSettled([1, 2, 3].map((n) => runningHere.accept(event(n === 2 ? 'no-such-flow' : 'batched', n))));
    const ids = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    expect(ids).toHaveLength(2);
    // Runs start in the turn after the commit answered.
    await new Promise((resolve) => setImmediate(resolve));
    expect(started.sort()).toEqual([...ids].sort());
    expect(cancelled).toEqual([{ n: 2 }]);
    expect(await stored(ids)).toEqual({ executions: 2, jobs: 0 });
  });
});
