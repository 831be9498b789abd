import { randomUUID } from 'node:crypto';
import { silentLogger } from '@weft/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../storage/database.ts';
import { EXECUTE_QUEUE, type JobQueue, startJobQueue } from '../storage/job-queue.ts';
import { requeueAbandonedRuns } from '../storage/workers-repo.ts';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';
import { reapOnce } from './reaper.ts';

let weft: TestWeft;
let database: Database;
let queue: JobQueue;

beforeAll(async () => {
  // Its own passes over silent workers (three per heartbeat) must not race the ones these tests make.
  weft = await startTestWeft({ WEFT_JOB_HEARTBEAT_SECONDS: '600' });
  database = createDatabase(weft.databaseUrl, 2);
  queue = await startJobQueue(weft.databaseUrl, { onError: () => {}, heartbeatSeconds: 30 });
  await weft.api('/api/flows', {
    body: {
      formatVersion: 1,
      id: 'reaped',
      name: 'reaped',
      nodes: [
        { id: 'start', type: 'core.manual', typeVersion: 1, params: {} },
        { id: 'echo', type: 'core.map', typeVersion: 1, params: { output: '=$' } },
      ],
      edges: [{ from: { node: 'start', port: 'out' }, to: { node: 'echo', port: 'in' } }],
    },
  });
});
afterAll(async () => {
  await queue?.stop();
  await database?.end();
  await weft?.stop();
});

async function finishedRun(): Promise<string> {
  const execution = await (await weft.api('/api/flows/reaped/run', { body: { payload: { n: 1 } } })).json();
  expect(execution.status).toBe('succeeded');
  return execution.id;
}

/** An execution as a worker that died left it: running, claimed by `worker`, with no job, its last step not done. */
async function abandonedBy(worker: string): Promise<string> {
  const id = await finishedRun();
  await database.query(`UPDATE weft_executions SET status = 'running', finished_at = NULL, claimed_by = $2 WHERE id = $1`, [id, worker]);
  await database.query(`DELETE FROM weft_steps WHERE execution_id = $1 AND node_id = 'echo'`, [id]);
  await database.query(`DELETE FROM weft_queue.job WHERE name = $1 AND data->>'executionId' = $2`, [EXECUTE_QUEUE, id]);
  return id;
}

async function status(executionId: string): Promise<string> {
  return (await (await weft.api(`/api/executions/${executionId}`)).json()).status;
}

const options = () => ({ database, queue, logger: silentLogger, retentionDays: 30, graceSeconds: 0, aliveWithinSeconds: 30 });

describe('the reaper', () => {
  it('re-queues an unfinished execution whose job vanished, and it then finishes', async () => {
    const id = await abandonedBy('gone-host:1');
    expect(await reapOnce(options())).toMatchObject({ requeued: 1, failed: 0 });
    expect((await weft.executionWhen(id)).status).toBe('succeeded');
  });

  it('leaves alone a running execution without a job while the worker that claimed it is alive: it runs there, with no job', async () => {
    const id = await abandonedBy('alive-host:7');
    await database.query(`INSERT INTO weft_workers (name, seen_at) VALUES ('alive-host:7', now())`);
    expect(await reapOnce(options())).toMatchObject({ requeued: 0, failed: 0 });
    expect(await status(id)).toBe('running');
    // Once that worker is silent for longer, the execution is its no more.
    await database.query(`UPDATE weft_workers SET seen_at = now() - interval '1 hour' WHERE name = 'alive-host:7'`);
    expect(await reapOnce(options())).toMatchObject({ requeued: 1 });
    expect((await weft.executionWhen(id)).status).toBe('succeeded');
  });

  it('fails an unfinished execution whose job gave up, instead of leaving it running forever', async () => {
    const id = await finishedRun();
    await database.query(`UPDATE weft_executions SET status = 'running', finished_at = NULL WHERE id = $1`, [id]);
    await database.query(`UPDATE weft_queue.job SET state = 'failed' WHERE name = $1 AND data->>'executionId' = $2`, [EXECUTE_QUEUE, id]);
    expect(await reapOnce(options())).toMatchObject({ requeued: 0, failed: 1 });
    const execution = await (await weft.api(`/api/executions/${id}`)).json();
    expect(execution).toMatchObject({ status: 'failed', error: { code: 'worker_lost' } });
  });

  it('prunes finished executions past the retention period, and keeps newer ones', async () => {
    const old = await finishedRun();
    const recent = await finishedRun();
    await database.query(`UPDATE weft_executions SET finished_at = now() - interval '31 days' WHERE id = $1`, [old]);
    expect((await reapOnce(options())).pruned).toBe(1);
    expect((await weft.api(`/api/executions/${old}`)).status).toBe(404);
    expect(await status(recent)).toBe('succeeded');
  });

  it('prunes outbound events past the retention period and inbound dedupe keys past the longest window', async () => {
    const execution = await finishedRun();
    const oldEvent = randomUUID();
    const recentEvent = randomUUID();
    for (const [id, days] of [[oldEvent, 31], [recentEvent, 29]] as const) {
      await database.query(`INSERT INTO weft_events (id, type, data, source, created_at) VALUES ($1, 'x', '{}', 'api', now() - $2 * interval '1 day')`, [id, days]);
    }
    for (const [key, days] of [['expired-key', 31], ['live-key', 29]] as const) {
      await database.query(`INSERT INTO weft_ingress_dedupe (flow_id, dedupe_key, execution_id, seen_at) VALUES ('reaped', $1, $2, now() - $3 * interval '1 day')`, [key, execution, days]);
    }
    expect(await reapOnce(options())).toMatchObject({ prunedEvents: 1, prunedDedupeKeys: 1 });
    const events = await database.query('SELECT id::text FROM weft_events');
    expect(events.rows).toEqual([{ id: recentEvent }]);
    const keys = await database.query('SELECT dedupe_key FROM weft_ingress_dedupe');
    expect(keys.rows).toEqual([{ dedupe_key: 'live-key' }]);
  });
});

// A local run has no job: when the process running it dies, the executions it claimed are queued
// again by a live worker once it has been silent for a heartbeat (here 30 s, shortened by dating
// its last sign of life back).
describe('executions run without a job', () => {
  const silentSeconds = 30;

  const workerNames = async () => (await database.query('SELECT name FROM weft_workers ORDER BY name')).rows.map((row) => row.name);

  it('are queued again once their worker falls silent, and finish; the silent worker is forgotten', async () => {
    const id = await abandonedBy('silent-host:1');
    await database.query(`INSERT INTO weft_workers (name, seen_at) VALUES ('silent-host:1', now() - interval '1 hour')`);
    expect(await requeueAbandonedRuns(database, queue, { silentSeconds, earlierLives: [] })).toBe(1);
    expect((await weft.executionWhen(id)).status).toBe('succeeded');
    expect(await workerNames()).not.toContain('silent-host:1');
  });

  it('are left to their worker while it says it is alive', async () => {
    const id = await abandonedBy('busy-host:2');
    await database.query(`INSERT INTO weft_workers (name, seen_at) VALUES ('busy-host:2', now())`);
    expect(await requeueAbandonedRuns(database, queue, { silentSeconds, earlierLives: [] })).toBe(0);
    expect(await status(id)).toBe('running');
    expect(await workerNames()).toContain('busy-host:2');
  });

  it('are queued again when a new process starts under the name of the one that left them (a restarted container)', async () => {
    const id = await abandonedBy('container:1');
    await database.query(`INSERT INTO weft_workers (name, seen_at) VALUES ('container:1', now())`);
    expect(await requeueAbandonedRuns(database, queue, { silentSeconds, earlierLives: ['container:1'] })).toBe(1);
    expect((await weft.executionWhen(id)).status).toBe('succeeded');
  });
});
