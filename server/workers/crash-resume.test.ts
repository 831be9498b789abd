import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { type LoopbackReply, type LoopbackServer, type ReceivedRequest, startLoopbackServer } from '@weft/nodes/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, LOOPBACK_NETWORKS, startTestWeft, TEST_TOKEN, type TestWeft } from '../testing/test-weft.ts';

// Two real worker processes share the queue; the one running the flow is killed with SIGKILL in
// the middle of a step. The other must resume from the last committed step: the step that had
// finished is not called again, and the step in flight is called again with the same key.
const weftCli = join(import.meta.dirname, '..', 'cli', 'weft.ts');
const callsByKey = new Map<string, number>();
let slowCallsHeld = 0;
let holdSlowCalls = true;
let receiver: LoopbackServer;
let api: TestWeft;
const workers: ChildProcess[] = [];

function receive(request: ReceivedRequest): LoopbackReply | Promise<LoopbackReply> {
  const key = `${request.path} ${request.headers['idempotency-key'] ?? ''}`;
  callsByKey.set(key, (callsByKey.get(key) ?? 0) + 1);
  // The first call to /slow never gets an answer: its worker dies waiting for it.
  if (request.path === '/slow' && holdSlowCalls) {
    slowCallsHeld += 1;
    return new Promise(() => {});
  }
  return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
}

beforeAll(async () => {
  receiver = await startLoopbackServer(receive);
  api = await startTestWeft({ WEFT_ROLE: 'api', WEFT_JOB_HEARTBEAT_SECONDS: '10' });
  for (let index = 0; index < 2; index++) {
    const worker = spawn(process.execPath, [weftCli, 'start'], {
      env: {
        ...process.env,
        DATABASE_URL: api.databaseUrl,
        WEFT_ROLE: 'worker',
        WEFT_API_TOKEN: TEST_TOKEN,
        WEFT_JOB_HEARTBEAT_SECONDS: '10',
        WEFT_LOG_LEVEL: 'warn',
        WEFT_ALLOW_PRIVATE_NETWORKS: LOOPBACK_NETWORKS,
      },
      stdio: 'ignore',
    });
    workers.push(worker);
  }
});

afterAll(async () => {
  for (const worker of workers) worker.kill('SIGKILL');
  await api?.stop();
  // Drops the call held open, too.
  await receiver?.close();
});

describe('a worker killed mid-flow', () => {
  it('is detected, and another worker resumes the execution from the last finished step', async () => {
    const flow = {
      formatVersion: 1,
      id: 'crash',
      name: 'crash',
      nodes: [
        { id: 'start', type: 'core.manual', typeVersion: 1, params: {} },
        { id: 'first', type: 'core.http', typeVersion: 1, params: { method: 'POST', url: `${receiver.url}/first`, body: {} } },
        { id: 'slow', type: 'core.http', typeVersion: 1, params: { method: 'POST', url: `${receiver.url}/slow`, body: {}, timeoutMs: 120_000 } },
      ],
      edges: [
        { from: { node: 'start', port: 'out' }, to: { node: 'first', port: 'in' } },
        { from: { node: 'first', port: 'out' }, to: { node: 'slow', port: 'in' } },
      ],
    };
    await api.api('/api/flows', { body: flow });
    const { executionId } = await (await api.api('/api/flows/crash/run', { body: { wait: false } })).json();

    await eventually('the slow call', () => (slowCallsHeld > 0 ? true : undefined));
    const running = await (await api.api(`/api/executions/${executionId}`)).json();
    const victimPid = Number(String(running.claimedBy).split(':').at(-1));
    const victim = workers.find((worker) => worker.pid === victimPid);
    expect(victim).toBeDefined();
    holdSlowCalls = false;
    victim?.kill('SIGKILL');

    // Detection takes up to 1.5 heartbeats (10 s here): wait for the resumed run well beyond that.
    const finished = await eventually('the resumed execution', async () => {
      const execution = await (await api.api(`/api/executions/${executionId}`)).json();
      return execution.status === 'succeeded' || execution.status === 'failed' ? execution : undefined;
    }, 1_200);
    expect(finished.status).toBe('succeeded');
    expect(finished.claimedBy).not.toBe(running.claimedBy);
    expect(callsByKey.get(`/first ${executionId}:first`)).toBe(1);
    expect(callsByKey.get(`/slow ${executionId}:slow`)).toBe(2);
    expect([...callsByKey.keys()].filter((key) => key.startsWith('/slow'))).toEqual([`/slow ${executionId}:slow`]);
  }, 90_000);
});
