import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, LOOPBACK_NETWORKS, startTestWeft, TEST_TOKEN, type TestWeft } from '../testing/test-weft.ts';

// Two real worker processes share the queue; the one running the flow is killed with SIGKILL in
// the middle of a step. The other must resume from the last committed step: the step that had
// finished is not called again, and the step in flight is called again with the same key.
const weftCli = join(import.meta.dirname, '..', 'cli', 'weft.ts');
const callsByKey = new Map<string, number>();
const heldResponses: ServerResponse[] = [];
let holdSlowCalls = true;
let receiverUrl = '';
let api: TestWeft;
const workers: ChildProcess[] = [];

function receive(request: IncomingMessage, response: ServerResponse) {
  const key = `${request.url} ${request.headers['idempotency-key']?.toString() ?? ''}`;
  callsByKey.set(key, (callsByKey.get(key) ?? 0) + 1);
  request.resume();
  // The first call to /slow never gets an answer: its worker dies waiting for it.
  if (request.url === '/slow' && holdSlowCalls) return void heldResponses.push(response);
  response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
}

beforeAll(async () => {
  const receiver = createServer(receive);
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
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
  for (const response of heldResponses) response.destroy();
  await api?.stop();
});

describe('a worker killed mid-flow', () => {
  it('is detected, and another worker resumes the execution from the last finished step', async () => {
    const flow = {
      formatVersion: 1,
      id: 'crash',
      name: 'crash',
      nodes: [
        { id: 'start', type: 'core.manual', typeVersion: 1, params: {} },
        { id: 'first', type: 'core.http', typeVersion: 1, params: { method: 'POST', url: `${receiverUrl}/first`, body: {} } },
        { id: 'slow', type: 'core.http', typeVersion: 1, params: { method: 'POST', url: `${receiverUrl}/slow`, body: {}, timeoutMs: 120_000 } },
      ],
      edges: [
        { from: { node: 'start', port: 'out' }, to: { node: 'first', port: 'in' } },
        { from: { node: 'first', port: 'out' }, to: { node: 'slow', port: 'in' } },
      ],
    };
    await api.api('/api/flows', { body: flow });
    const { executionId } = await (await api.api('/api/flows/crash/run', { body: { wait: false } })).json();

    await eventually('the slow call', () => (heldResponses.length > 0 ? true : undefined));
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
