import { type LoopbackServer, startLoopbackServer } from '@weft/nodes/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestWeft, type TestWeft } from '../../testing/test-weft.ts';

// A receiver that fails while `down` is set, so executions fail, then recover for the replays.
let down = true;
let calls: string[] = [];
let receiver: LoopbackServer;
let receiverUrl = '';
let weft: TestWeft;

beforeAll(async () => {
  receiver = await startLoopbackServer((request) => {
    calls.push(request.path);
    return { status: down ? 500 : 200, headers: { 'content-type': 'application/json' }, body: '{}' };
  });
  receiverUrl = receiver.url;
  weft = await startTestWeft();
});
afterAll(async () => {
  await receiver?.close();
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

describe('replay', () => {
  it('replays a failed execution from its failed step, keeping the steps that finished', async () => {
    down = true;
    await publish(twoCalls('replayed'));
    const failed = await weft.executionWhen(await fire('replayed', { order: 1 }));
    expect(failed).toMatchObject({ status: 'failed', error: { nodeId: 'second' } });

    down = false;
    calls = [];
    const replay = await weft.api(`/api/executions/${failed.id}/replay`, { body: { from: 'failed' } });
    expect(replay.status).toBe(202);
    const { executionId } = await replay.json();
    const done = await weft.executionWhen(executionId);
    expect(done).toMatchObject({ status: 'succeeded', replayOf: failed.id, payload: failed.payload, flowVersion: 1 });
    expect(calls).toEqual(['/second']);
  });

  it('replays from the start on the current published version', async () => {
    down = false;
    await publish(twoCalls('versioned'));
    const first = await weft.executionWhen(await fire('versioned', { order: 2 }));
    await weft.api('/api/flows/versioned/publish', { method: 'POST' });
    calls = [];
    const { executionId } = await (await weft.api(`/api/executions/${first.id}/replay`, { body: { version: 'current' } })).json();
    expect(await weft.executionWhen(executionId)).toMatchObject({ status: 'succeeded', flowVersion: 2, replayOf: first.id });
    expect(calls).toEqual(['/first', '/second']);
  });

  it('refuses to replay from the failed step an execution that did not fail', async () => {
    down = false;
    await publish(twoCalls('fine'));
    const done = await weft.executionWhen(await fire('fine', {}));
    const response = await weft.api(`/api/executions/${done.id}/replay`, { body: { from: 'failed' } });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: { code: 'not_failed' } });
  });

  it('replays every failed execution of a flow in a time range', async () => {
    down = true;
    await publish(twoCalls('bulk'));
    const since = new Date(Date.now() - 1_000).toISOString();
    const failures = await Promise.all([1, 2, 3].map(async (order) => weft.executionWhen(await fire('bulk', { order }))));
    expect(failures.map((execution) => execution.status)).toEqual(['failed', 'failed', 'failed']);
    down = false;
    const response = await weft.api('/api/flows/bulk/replay-failed', { body: { since, from: 'failed' } });
    const { replayed } = await response.json();
    expect(replayed.map((item: { replayOf: string }) => item.replayOf).sort()).toEqual(failures.map((execution) => execution.id).sort());
    for (const item of replayed) expect(await weft.executionWhen(item.executionId)).toMatchObject({ status: 'succeeded' });
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
    const failed = await weft.executionWhen(await fire('watched', { order: 9 }));
    expect(failed.status).toBe('failed');

    const errorRun = await eventually('the error flow to start', async () => (await (await weft.api('/api/executions?flowId=on-failure')).json()).items[0]);
    const details = await weft.executionWhen(errorRun.id);
    expect(details).toMatchObject({ mode: 'error', status: 'succeeded', payload: { execution: { id: failed.id }, error: { nodeId: 'second', code: 'http_error' }, event: { body: { order: 9 } } } });
    expect(details.steps.find((step: { nodeId: string }) => step.nodeId === 'summary')?.output).toBe('watched failed at second');
  });
});
