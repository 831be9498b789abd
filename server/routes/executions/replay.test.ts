import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../../testing/test-weft.ts';

// A receiver that fails while `down` is set, so executions fail, then recover for the replays.
let down = true;
let calls: string[] = [];
let receiver: Server;
let receiverUrl = '';
let weft: TestWeft;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    calls.push(request.url ?? '');
    request.resume();
    response.writeHead(down ? 500 : 200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  weft = await startTestWeft();
});
afterAll(async () => {
  receiver?.close();
  await weft?.stop();
});

const twoCalls = (id: string, errorFlowId?: string) => ({
  formatVersion: 1,
  id,
  name: id,
  nodes: [
    { id: 'hook', type: 'core.webhook', typeVersion: 1, params: {} },
    { id: 'first', type: 'core.http', typeVersion: 1, params: { method: 'POST', url: `${receiverUrl}/first`, body: {}, failOnHttpError: false } },
    { id: 'second', type: 'core.http', typeVersion: 1, params: { method: 'POST', url: `${receiverUrl}/second`, body: '=$trigger.body' } },
  ],
  edges: [
    { from: { node: 'hook', port: 'out' }, to: { node: 'first', port: 'in' } },
    { from: { node: 'first', port: 'out' }, to: { node: 'second', port: 'in' } },
  ],
  ...(errorFlowId === undefined ? {} : { settings: { errorFlowId } }),
});

async function publish(document: { id: string } & Record<string, unknown>) {
  expect((await weft.api('/api/flows/import', { body: document })).status).toBe(201);
  expect((await weft.api(`/api/flows/${document.id}/publish`, { method: 'POST' })).status).toBe(200);
}

async function fire(flowId: string, body: unknown): Promise<string> {
  const response = await fetch(`${weft.url}/hooks/${flowId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await response.json()).executionId;
}

async function finished(executionId: string) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const execution = await (await weft.api(`/api/executions/${executionId}`)).json();
    if (execution.status === 'succeeded' || execution.status === 'failed') return execution;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`execution ${executionId} did not finish`);
}

describe('replay', () => {
  it('replays a failed execution from its failed step, keeping the steps that finished', async () => {
    down = true;
    await publish(twoCalls('replayed'));
    const failed = await finished(await fire('replayed', { order: 1 }));
    expect(failed).toMatchObject({ status: 'failed', error: { nodeId: 'second' } });

    down = false;
    calls = [];
    const replay = await weft.api(`/api/executions/${failed.id}/replay`, { body: { from: 'failed' } });
    expect(replay.status).toBe(202);
    const { executionId } = await replay.json();
    const done = await finished(executionId);
    expect(done).toMatchObject({ status: 'succeeded', replayOf: failed.id, payload: failed.payload, flowVersion: 1 });
    expect(calls).toEqual(['/second']);
  });

  it('replays from the start on the current published version', async () => {
    down = false;
    await publish(twoCalls('versioned'));
    const first = await finished(await fire('versioned', { order: 2 }));
    await weft.api('/api/flows/versioned/publish', { method: 'POST' });
    calls = [];
    const { executionId } = await (await weft.api(`/api/executions/${first.id}/replay`, { body: { version: 'current' } })).json();
    expect(await finished(executionId)).toMatchObject({ status: 'succeeded', flowVersion: 2, replayOf: first.id });
    expect(calls).toEqual(['/first', '/second']);
  });

  it('refuses to replay from the failed step an execution that did not fail', async () => {
    down = false;
    await publish(twoCalls('fine'));
    const done = await finished(await fire('fine', {}));
    const response = await weft.api(`/api/executions/${done.id}/replay`, { body: { from: 'failed' } });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: { code: 'not_failed' } });
  });

  it('replays every failed execution of a flow in a time range', async () => {
    down = true;
    await publish(twoCalls('bulk'));
    const since = new Date(Date.now() - 1_000).toISOString();
    const failures = await Promise.all([1, 2, 3].map(async (order) => finished(await fire('bulk', { order }))));
    expect(failures.map((execution) => execution.status)).toEqual(['failed', 'failed', 'failed']);
    down = false;
    const response = await weft.api('/api/flows/bulk/replay-failed', { body: { since, from: 'failed' } });
    const { replayed } = await response.json();
    expect(replayed.map((item: { replayOf: string }) => item.replayOf).sort()).toEqual(failures.map((execution) => execution.id).sort());
    for (const item of replayed) expect(await finished(item.executionId)).toMatchObject({ status: 'succeeded' });
  });
});

describe('error flows', () => {
  it('runs the configured error flow with the failure details when an execution fails', async () => {
    down = true;
    await publish({
      formatVersion: 1,
      id: 'on-failure',
      name: 'on-failure',
      nodes: [
        { id: 'failed', type: 'core.error', typeVersion: 1, params: {} },
        { id: 'summary', type: 'core.map', typeVersion: 1, params: { output: '=$.flow.id & " failed at " & $.error.nodeId' } },
      ],
      edges: [{ from: { node: 'failed', port: 'out' }, to: { node: 'summary', port: 'in' } }],
    });
    await publish(twoCalls('watched', 'on-failure'));
    const failed = await finished(await fire('watched', { order: 9 }));
    expect(failed.status).toBe('failed');

    let errorRun: { id: string } | undefined;
    for (let attempt = 0; attempt < 100 && errorRun === undefined; attempt++) {
      errorRun = (await (await weft.api('/api/executions?flowId=on-failure')).json()).items[0];
      if (errorRun === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const details = await finished(errorRun?.id ?? '');
    expect(details).toMatchObject({ mode: 'error', status: 'succeeded', payload: { execution: { id: failed.id }, error: { nodeId: 'second', code: 'http_error' }, event: { body: { order: 9 } } } });
    expect(details.steps.find((step: { nodeId: string }) => step.nodeId === 'summary')?.output).toBe('watched failed at second');
  });
});
