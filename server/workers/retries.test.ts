import { type LoopbackServer, startLoopbackServer } from '@weft/nodes/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';

// A receiver that answers 503 to the first `failures` calls of each test, then 200.
let failures = 0;
let calls: { key: string | undefined }[] = [];
let receiver: LoopbackServer;
let receiverUrl = '';
let weft: TestWeft;

beforeAll(async () => {
  receiver = await startLoopbackServer((request) => {
    calls.push({ key: request.headers['idempotency-key'] });
    return { status: calls.length <= failures ? 503 : 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ call: calls.length }) };
  });
  receiverUrl = `${receiver.url}/`;
  // Back-offs over 200 ms suspend the execution in the database, so the tests can see it wait.
  weft = await startTestWeft({ WEFT_SUSPEND_AFTER_MS: '200' });
});
afterAll(async () => {
  await receiver?.close();
  await weft?.stop();
});

function flakyCallFlow(id: string, retry: Record<string, unknown>) {
  return {
    formatVersion: 1,
    id,
    name: id,
    nodes: [
      { id: 'start', type: 'core.manual', typeVersion: 1, params: {} },
      { id: 'call', type: 'core.http', typeVersion: 1, params: { method: 'POST', url: receiverUrl, body: { hello: 'world' } }, retry },
    ],
    edges: [{ from: { node: 'start', port: 'out' }, to: { node: 'call', port: 'in' } }],
  };
}

async function startRun(flowId: string, retry: Record<string, unknown>, on: TestWeft = weft): Promise<string> {
  await on.api('/api/flows', { body: flakyCallFlow(flowId, retry) });
  const response = await on.api(`/api/flows/${flowId}/run`, { body: { wait: false } });
  return (await response.json()).executionId;
}

describe('step retries', () => {
  it('retries a failing call in process after a short back-off, with the same idempotency key', async () => {
    failures = 2;
    calls = [];
    const executionId = await startRun('short-backoff', { maxAttempts: 3, delayMs: 20, jitter: false });
    const done = await weft.executionWhen(executionId);
    expect(done.status).toBe('succeeded');
    expect(done.steps.find((step: { nodeId: string }) => step.nodeId === 'call')).toMatchObject({ attempts: 3, output: { status: 200 } });
    expect(new Set(calls.map((call) => call.key))).toEqual(new Set([`${executionId}:call`]));
  });

  it('suspends the execution as waiting for a long back-off, then resumes it on time', async () => {
    failures = 1;
    calls = [];
    const executionId = await startRun('long-backoff', { maxAttempts: 2, delayMs: 1_000, jitter: false });
    const waiting = await weft.executionWhen(executionId, ['waiting', 'succeeded', 'failed']);
    expect(waiting).toMatchObject({ status: 'waiting', error: { nodeId: 'call', code: 'http_error' } });
    const done = await weft.executionWhen(executionId);
    expect(done.status).toBe('succeeded');
    expect(done.steps.find((step: { nodeId: string }) => step.nodeId === 'call')).toMatchObject({ attempts: 2 });
    expect(calls).toHaveLength(2);
  });

  it('fails the execution after the last attempt, keeping the event', async () => {
    failures = 100;
    calls = [];
    const executionId = await startRun('exhausted', { maxAttempts: 2, delayMs: 10, jitter: false });
    const done = await weft.executionWhen(executionId);
    expect(done).toMatchObject({ status: 'failed', error: { nodeId: 'call', code: 'http_error' }, payload: {} });
    expect(done.steps.find((step: { nodeId: string }) => step.nodeId === 'call')).toMatchObject({ status: 'failed', attempts: 2 });
    expect(calls).toHaveLength(2);
  });

  it('does not retry errors a retry cannot fix unless told to retry on any failure', async () => {
    failures = 0;
    calls = [];
    const broken = { maxAttempts: 3, delayMs: 10, jitter: false };
    await weft.api('/api/flows', { body: { ...flakyCallFlow('not-retryable', broken), nodes: [flakyCallFlow('x', {}).nodes[0], { ...flakyCallFlow('x', broken).nodes[1], params: { url: '=$.missing' } }] } });
    const response = await weft.api('/api/flows/not-retryable/run', { body: {} });
    const done = await response.json();
    expect(done).toMatchObject({ status: 'failed', error: { code: 'invalid_params' } });
    expect(done.steps.find((step: { nodeId: string }) => step.nodeId === 'call')).toMatchObject({ attempts: 1 });
  });

  it('resumes a waiting execution after a restart', async () => {
    failures = 1;
    calls = [];
    const executionId = await startRun('survives-restart', { maxAttempts: 2, delayMs: 1_500, jitter: false });
    await weft.executionWhen(executionId, ['waiting']);
    await weft.weft.close();
    weft = await startTestWeft({ WEFT_SUSPEND_AFTER_MS: '200' }, weft);
    const done = await weft.executionWhen(executionId);
    expect(done.status).toBe('succeeded');
    expect(calls).toHaveLength(2);
  });
});
