import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, LOOPBACK_NETWORKS, startTestWeft, TEST_TOKEN, type TestWeft } from '../testing/test-weft.ts';

// SIGTERM to a worker: the step in flight finishes, the execution stops at the next step boundary,
// the process exits 0, and a later worker resumes the rest without repeating the finished step.
const weftCli = join(import.meta.dirname, 'weft.ts');
const calls: string[] = [];
let pendingSlow: ServerResponse | undefined;
let receiverUrl = '';
let api: TestWeft;
const children: ChildProcess[] = [];

beforeAll(async () => {
  const receiver = createServer((request, response) => {
    calls.push(request.url ?? '');
    request.resume();
    if (request.url === '/slow' && pendingSlow === undefined && calls.filter((url) => url === '/slow').length === 1) return void (pendingSlow = response);
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  api = await startTestWeft({ WEFT_ROLE: 'api' });
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await api?.stop();
});

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, [weftCli, 'start'], {
    env: { ...process.env, DATABASE_URL: api.databaseUrl, WEFT_ROLE: 'worker', WEFT_API_TOKEN: TEST_TOKEN, WEFT_LOG_LEVEL: 'warn', WEFT_ALLOW_PRIVATE_NETWORKS: LOOPBACK_NETWORKS },
    stdio: 'ignore',
  });
  children.push(child);
  return child;
}

describe('SIGTERM', () => {
  it('lets the running step finish, exits 0, and leaves the rest to resume', async () => {
    const flow = {
      formatVersion: 1,
      id: 'graceful',
      name: 'graceful',
      nodes: [
        { id: 'start', type: 'core.manual', typeVersion: 1, params: {} },
        { id: 'slow', type: 'core.http', typeVersion: 1, params: { method: 'POST', url: `${receiverUrl}/slow`, body: {} } },
        { id: 'after', type: 'core.http', typeVersion: 1, params: { method: 'POST', url: `${receiverUrl}/after`, body: {} } },
      ],
      edges: [
        { from: { node: 'start', port: 'out' }, to: { node: 'slow', port: 'in' } },
        { from: { node: 'slow', port: 'out' }, to: { node: 'after', port: 'in' } },
      ],
    };
    await api.api('/api/flows', { body: flow });
    const worker = startWorker();
    const { executionId } = await (await api.api('/api/flows/graceful/run', { body: { wait: false } })).json();
    await eventually('the slow call', () => pendingSlow);

    const exited = new Promise<number | null>((resolve) => worker.once('exit', (code) => resolve(code)));
    worker.kill('SIGTERM');
    // The worker is draining: answer the step it is waiting on now.
    await new Promise((resolve) => setTimeout(resolve, 300));
    pendingSlow?.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    expect(await exited).toBe(0);

    const paused = await (await api.api(`/api/executions/${executionId}`)).json();
    expect(paused.status).toBe('running');
    expect(paused.steps.map((step: { nodeId: string }) => step.nodeId)).toEqual(['start', 'slow']);
    expect(calls).toEqual(['/slow']);

    startWorker();
    const done = await api.executionWhen(executionId);
    expect(done.status).toBe('succeeded');
    expect(calls).toEqual(['/slow', '/after']);
  }, 60_000);

  it('that comes while Weft is still starting stops it once started, exiting 0, its embedded PostgreSQL with it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'weft-early-stop-'));
    try {
      const child = spawn(process.execPath, [weftCli, 'start'], {
        env: { ...process.env, WEFT_DATA_DIR: dataDir, PORT: '0', WEFT_API_TOKEN: TEST_TOKEN, WEFT_LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      children.push(child);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      // Its first line comes while start-up has barely begun: PostgreSQL is only being started.
      await eventually('the start-up under way', () => (output.includes('starting embedded PostgreSQL') ? true : undefined));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('SIGTERM received while starting');
      expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
