import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { type LoopbackReply, type LoopbackServer, type ReceivedRequest, startLoopbackServer } from '@weft/nodes/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../storage/database.ts';
import { EXECUTE_QUEUE } from '../storage/job-queue.ts';
import { eventually, LOOPBACK_NETWORKS, startTestWeft, TEST_TOKEN, type TestWeft } from '../testing/test-weft.ts';
import { LOCAL_WAITING_PER_SLOT } from './job-dispatcher.ts';

// A process that accepts a webhook and has a worker with a slot free runs the event itself, with no
// job. These tests show that this never costs an event: a busy worker leaves events to the queue,
// and a local run whose process is killed, or stopped, is resumed by another worker from its last
// committed step.
const weftCli = join(import.meta.dirname, '..', 'cli', 'weft.ts');
const OK: LoopbackReply = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
const callsByKey = new Map<string, number>();
// The answers held back, by path: each releases one waiting call.
const heldAnswers = new Map<string, (() => void)[]>();
let holding = new Set<string>();
let receiver: LoopbackServer;
let weft: TestWeft;
let database: Database;
const children: ChildProcess[] = [];

function receive(request: ReceivedRequest): Promise<LoopbackReply> {
  const key = `${request.path} ${request.headers['idempotency-key'] ?? ''}`;
  callsByKey.set(key, (callsByKey.get(key) ?? 0) + 1);
  return new Promise((resolve) => {
    if (holding.has(request.path)) return void heldAnswers.set(request.path, [...(heldAnswers.get(request.path) ?? []), () => resolve(OK)]);
    // Calls under load take a moment, so that many executions are in flight at once.
    setTimeout(() => resolve(OK), request.path.startsWith('/load-') ? 5 : 0);
  });
}

const answerHeld = (path: string) => {
  for (const release of heldAnswers.get(path) ?? []) release();
  heldAnswers.delete(path);
};

beforeAll(async () => {
  receiver = await startLoopbackServer(receive);
  // One slot: the second event of a burst finds it taken.
  weft = await startTestWeft({ WEFT_WORKER_CONCURRENCY: '1', WEFT_JOB_HEARTBEAT_SECONDS: '10' });
  database = createDatabase(weft.databaseUrl, 2);
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const path of heldAnswers.keys()) answerHeld(path);
  await database?.end();
  await weft?.stop();
  await receiver?.close();
});

/** A webhook flow calling `first`, then `second`, on the receiver. */
async function publishFlow(id: string, first: string, second: string) {
  const flow = {
    formatVersion: 1,
    id,
    name: id,
    nodes: [
      { id: 'hook', type: 'core.webhook', typeVersion: 1, params: {} },
      { id: 'first', type: 'core.http', typeVersion: 1, params: { method: 'POST', url: `${receiver.url}${first}`, body: {}, timeoutMs: 120_000 } },
      { id: 'second', type: 'core.http', typeVersion: 1, params: { method: 'POST', url: `${receiver.url}${second}`, body: {}, timeoutMs: 120_000 } },
    ],
    edges: [
      { from: { node: 'hook', port: 'out' }, to: { node: 'first', port: 'in' } },
      { from: { node: 'first', port: 'out' }, to: { node: 'second', port: 'in' } },
    ],
  };
  expect((await weft.api('/api/flows/import', { body: flow })).status).toBe(201);
  expect((await weft.api(`/api/flows/${id}/publish`, { method: 'POST' })).status).toBe(200);
}

async function send(baseUrl: string, flowId: string): Promise<string> {
  const response = await fetch(`${baseUrl}/hooks/${flowId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(response.status).toBe(202);
  return ((await response.json()) as { executionId: string }).executionId;
}

/** The execution's jobs, with how long after its creation each came due. */
async function jobsOf(executionId: string) {
  const result = await database.query(
    `SELECT state, extract(epoch FROM start_after - created_on)::float AS due_after_seconds
       FROM weft_queue.job WHERE name = $1 AND data->>'executionId' = $2 ORDER BY created_on`,
    [EXECUTE_QUEUE, executionId],
  );
  return result.rows as { state: string; due_after_seconds: number }[];
}

/** Another Weft process (API and worker) on the test's database. */
function startProcess(): ChildProcess {
  const child = spawn(process.execPath, [weftCli, 'start'], {
    env: {
      ...process.env,
      DATABASE_URL: weft.databaseUrl,
      PORT: '0',
      WEFT_API_TOKEN: TEST_TOKEN,
      WEFT_JOB_HEARTBEAT_SECONDS: '10',
      WEFT_LOG_LEVEL: 'warn',
      WEFT_ALLOW_PRIVATE_NETWORKS: LOOPBACK_NETWORKS,
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  children.push(child);
  return child;
}

/** Where a started process's HTTP server listens, read from its start-up line. */
async function urlOf(child: ChildProcess): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /Weft is running at (http:\/\/\S+)/.exec(output);
      if (found?.[1] !== undefined) resolve(found[1]);
    });
    child.once('exit', () => reject(new Error(`exited before listening: ${output}`)));
  });
}

/**
 * Publishes flow `flowId` (calling `/<flowId>-first`, then `/<flowId>-second`), sends its webhook to
 * a new Weft process, and returns once the call to `heldPath` is held unanswered.
 */
async function runHeldInNewProcess(flowId: string, heldPath: string) {
  await publishFlow(flowId, `/${flowId}-first`, `/${flowId}-second`);
  holding = new Set([heldPath]);
  const accepter = startProcess();
  const executionId = await send(await urlOf(accepter), flowId);
  await eventually(`the call to ${heldPath}`, () => heldAnswers.get(heldPath)?.[0]);
  return { accepter, executionId };
}

describe('an event run by the process that accepted it', () => {
  it('is claimed there at once, with no job; others wait for the slot, and are queued for any worker if they wait too long', async () => {
    await publishFlow('burst', '/burst-first', '/burst-second');
    holding = new Set(['/burst-first']);
    const first = await send(weft.url, 'burst');
    await eventually('the first call', () => heldAnswers.get('/burst-first')?.[0]);
    // This process's only slot is taken: the next events wait here for it, without jobs; the one
    // after them finds LOCAL_WAITING_PER_SLOT waiting for each slot, gets no room within
    // LOCAL_ROOM_WAIT_MS (see JobDispatcher.reserve), and is queued for any worker, due at once.
    const waitingOnes: string[] = [];
    for (let n = 0; n < LOCAL_WAITING_PER_SLOT; n++) waitingOnes.push(await send(weft.url, 'burst'));
    const [waiting] = waitingOnes as [string];
    const queued = await send(weft.url, 'burst');

    const running = await (await weft.api(`/api/executions/${first}`)).json();
    expect(running).toMatchObject({ status: 'running', claimedBy: expect.stringMatching(new RegExp(`:${process.pid}$`)) });
    expect(running.startedAt).not.toBeNull();
    expect(await jobsOf(first)).toEqual([]);
    for (const executionId of waitingOnes) expect(await jobsOf(executionId)).toEqual([]);
    expect(await jobsOf(queued)).toEqual([{ state: 'created', due_after_seconds: 0 }]);

    // Waiting longer than a quarter of a heartbeat, a local run is queued for any worker.
    await eventually('the waiting run handed on', async () => ((await jobsOf(waiting)).length > 0 ? true : undefined), 400);

    holding = new Set();
    answerHeld('/burst-first');
    for (const executionId of [first, ...waitingOnes, queued]) expect((await weft.executionWhen(executionId)).status).toBe('succeeded');
    // The run that ran here never had a job; the others were fetched and completed.
    expect(await jobsOf(first)).toEqual([]);
    for (const executionId of [...waitingOnes, queued]) expect((await jobsOf(executionId)).map((job) => job.state)).toEqual(['completed']);
    for (const executionId of [first, ...waitingOnes, queued]) expect(callsByKey.get(`/burst-first ${executionId}:first`)).toBe(1);
  }, 60_000);

  it('is resumed by another worker, from its last committed step, when its process is killed', async () => {
    const { accepter, executionId } = await runHeldInNewProcess('killed', '/killed-second');
    expect(await jobsOf(executionId)).toEqual([]);

    accepter.kill('SIGKILL');
    holding = new Set();
    // Its process falls silent; after a heartbeat (10 s here) a live worker, such as this test's
    // own Weft, queues the execution again, and any worker resumes it.
    const finished = await eventually('the resumed execution', async () => {
      const execution = await (await weft.api(`/api/executions/${executionId}`)).json();
      return execution.status === 'succeeded' || execution.status === 'failed' ? execution : undefined;
    }, 1_200);
    expect(finished.status).toBe('succeeded');
    expect(finished.claimedBy).not.toMatch(new RegExp(`:${accepter.pid}$`));
    expect(callsByKey.get(`/killed-first ${executionId}:first`)).toBe(1);
    expect(callsByKey.get(`/killed-second ${executionId}:second`)).toBe(2);
  }, 90_000);

  it('is handed to any worker at once when its process stops (SIGTERM), without waiting for it to fall silent', async () => {
    const { accepter, executionId } = await runHeldInNewProcess('stopped', '/stopped-first');

    const exited = new Promise<number | null>((resolve) => accepter.once('exit', (code) => resolve(code)));
    accepter.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    holding = new Set();
    answerHeld('/stopped-first');
    expect(await exited).toBe(0);

    const done = await weft.executionWhen(executionId);
    expect(done.status).toBe('succeeded');
    // Queued when the process let go of it, due at once.
    expect((await jobsOf(executionId))[0]?.due_after_seconds).toBe(0);
    expect(callsByKey.get(`/stopped-first ${executionId}:first`)).toBe(1);
    expect(callsByKey.get(`/stopped-second ${executionId}:second`)).toBe(1);
  }, 60_000);

  it('loses no accepted event when its process is killed under load', async () => {
    await publishFlow('load', '/load-first', '/load-second');
    const accepter = startProcess();
    const url = await urlOf(accepter);
    const accepted: string[] = [];
    let killed = false;
    const keepSending = async () => {
      while (!killed) {
        const answer = await fetch(`${url}/hooks/load`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
          .then(async (response) => (response.status === 202 ? ((await response.json()) as { executionId: string }) : undefined))
          .catch(() => undefined);
        if (answer !== undefined) accepted.push(answer.executionId);
      }
    };
    const senders = Array.from({ length: 10 }, keepSending);
    await eventually('150 accepted events', () => (accepted.length >= 150 ? true : undefined));
    accepter.kill('SIGKILL');
    killed = true;
    await Promise.all(senders);

    // What the killed process ran, or kept waiting for a slot, is queued again for any worker
    // (this test's own Weft) once that process has been silent for a heartbeat.
    const succeeded = async () => {
      const result = await database.query(`SELECT count(*)::int AS count FROM weft_executions WHERE id = ANY($1::uuid[]) AND status = 'succeeded'`, [accepted]);
      return result.rows[0]?.count as number;
    };
    await eventually('every accepted event to succeed', async () => ((await succeeded()) === accepted.length ? true : undefined), 1_200);
    const calls = (executionId: string) => callsByKey.get(`/load-second ${executionId}:second`) ?? 0;
    expect(accepted.filter((executionId) => calls(executionId) === 0)).toEqual([]);
    // Only a call in flight when the process died is made again (same key); it ran 20 at most.
    expect(accepted.filter((executionId) => calls(executionId) > 1).length).toBeLessThanOrEqual(20);
  }, 120_000);
});
