import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../storage/database.ts';
import { EXECUTE_QUEUE, type JobQueue, startJobQueue } from '../storage/job-queue.ts';
import { requeueAbandonedRuns } from '../storage/workers-repo.ts';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';

// A local run has no job: when the process running it dies, the executions it claimed are queued
// again by a live worker once it has been silent for a heartbeat (here 30 s, shortened by dating
// its last sign of life back).
let weft: TestWeft;
let database: Database;
let queue: JobQueue;
const silentSeconds = 30;

beforeAll(async () => {
  weft = await startTestWeft();
  database = createDatabase(weft.databaseUrl, 2);
  queue = await startJobQueue(weft.databaseUrl, { onError: () => {}, heartbeatSeconds: 30 });
  await weft.api('/api/flows', {
    body: {
      formatVersion: 1,
      id: 'claimed',
      name: 'claimed',
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

/** An execution as a local run left it when its process died: running, claimed by `worker`, no job, its last step not done. */
async function abandonedBy(worker: string): Promise<string> {
  const execution = await (await weft.api('/api/flows/claimed/run', { body: { payload: { n: 1 } } })).json();
  expect(execution.status).toBe('succeeded');
  await database.query(`UPDATE weft_executions SET status = 'running', finished_at = NULL, claimed_by = $2 WHERE id = $1`, [execution.id, worker]);
  await database.query(`DELETE FROM weft_steps WHERE execution_id = $1 AND node_id = 'echo'`, [execution.id]);
  await database.query(`DELETE FROM weft_queue.job WHERE name = $1 AND data->>'executionId' = $2`, [EXECUTE_QUEUE, execution.id]);
  return execution.id;
}

const workerNames = async () => (await database.query('SELECT name FROM weft_workers ORDER BY name')).rows.map((row) => row.name);

describe('executions run without a job', () => {
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
    expect((await (await weft.api(`/api/executions/${id}`)).json()).status).toBe('running');
    expect(await workerNames()).toContain('busy-host:2');
  });

  it('are queued again when a new process starts under the name of the one that left them (a restarted container)', async () => {
    const id = await abandonedBy('container:1');
    await database.query(`INSERT INTO weft_workers (name, seen_at) VALUES ('container:1', now())`);
    expect(await requeueAbandonedRuns(database, queue, { silentSeconds, earlierLives: ['container:1'] })).toBe(1);
    expect((await weft.executionWhen(id)).status).toBe('succeeded');
  });
});
