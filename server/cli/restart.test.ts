import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The real `weft start`, with its own embedded PostgreSQL, killed without warning and started again.
const weftCli = join(import.meta.dirname, 'weft.ts');
const token = 'restart-test-token-0123456789';
const running: ChildProcess[] = [];
let dataDir = '';

afterAll(async () => {
  for (const child of running) child.kill('SIGKILL');
  if (dataDir === '') return;
  // A SIGKILLed Weft leaves its PostgreSQL running; stop it before removing its files.
  const pid = Number((await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
  if (pid > 0) {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // Already gone.
    }
  }
  await rm(dataDir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

async function startWeftProcess(port: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [weftCli, 'start'], {
    env: { ...process.env, WEFT_DATA_DIR: dataDir, PORT: String(port), WEFT_API_TOKEN: token, WEFT_LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  running.push(child);
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 300; attempt++) {
    const healthy = await fetch(`${url}/api/health`).then((response) => response.ok, () => false);
    if (healthy) return { child, url };
    if (child.exitCode !== null) throw new Error(`weft start exited with ${child.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('weft start did not become healthy');
}

const api = (url: string, path: string, body?: unknown) =>
  fetch(`${url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('weft start on its embedded PostgreSQL', () => {
  it('keeps flows and executions when killed with SIGKILL and started again', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'weft-restart-'));
    const first = await startWeftProcess(await freePort());
    const flow = {
      formatVersion: 1,
      id: 'survivor',
      name: 'Survivor',
      nodes: [
        { id: 'hook', type: 'core.webhook', typeVersion: 1, params: { responseMode: 'whenFinished' } },
        { id: 'answer', type: 'core.respond', typeVersion: 1, params: { body: { kept: '=$.body.n' } } },
      ],
      edges: [{ from: { node: 'hook', port: 'out' }, to: { node: 'answer', port: 'in' } }],
    };
    expect((await api(first.url, '/api/flows/import', flow)).status).toBe(201);
    expect((await api(first.url, '/api/flows/survivor/publish', {})).status).toBe(200);
    const answer = await fetch(`${first.url}/hooks/survivor`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":7}' });
    expect(await answer.json()).toEqual({ kept: 7 });

    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    const second = await startWeftProcess(await freePort());
    const executions = await (await api(second.url, '/api/executions?flowId=survivor')).json();
    expect(executions.items).toEqual([expect.objectContaining({ status: 'succeeded', flowVersion: 1 })]);
    const again = await fetch(`${second.url}/hooks/survivor`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":8}' });
    expect(await again.json()).toEqual({ kept: 8 });

    second.child.kill('SIGTERM');
    const exitCode = await new Promise((resolve) => second.child.once('exit', resolve));
    expect(exitCode).toBe(0);
  }, 120_000);
});
