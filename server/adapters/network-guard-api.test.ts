import { type LoopbackServer, startLoopbackServer } from '@weft/nodes/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';

let weft: TestWeft;
let receiver: LoopbackServer;
let calls = 0;

beforeAll(async () => {
  receiver = await startLoopbackServer(() => {
    calls++;
    return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
  });
  // The test Weft allows loopback (127.0.0.0/8, ::1/128) and nothing else private.
  weft = await startTestWeft();
});
afterAll(async () => {
  await receiver?.close();
  await weft?.stop();
});

function callFlow(id: string, url: string) {
  return {
    formatVersion: 1,
    id,
    name: id,
    nodes: [
      { id: 'start', type: 'core.manual', typeVersion: 1, params: {} },
      // Retried on retryable failures: a refused address is not one, so it fails on the first attempt.
      { id: 'call', type: 'core.http', typeVersion: 1, params: { method: 'GET', url }, retry: { maxAttempts: 3, delayMs: 10, jitter: false } },
    ],
    edges: [{ from: { node: 'start', port: 'out' }, to: { node: 'call', port: 'in' } }],
  };
}

async function run(id: string, url: string) {
  await weft.api('/api/flows', { body: callFlow(id, url) });
  const response = await weft.api(`/api/flows/${id}/run`, { body: { wait: false } });
  return weft.executionWhen((await response.json()).executionId);
}

describe('the network guard through the API', () => {
  it.each([
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['a private network', 'http://10.0.0.7/'],
    ['IPv4-mapped metadata', 'http://[::ffff:169.254.169.254]/'],
  ])('fails a core.http step aimed at %s with address_not_allowed', async (label, url) => {
    const done = await run(`guarded-${label.replaceAll(' ', '-').toLowerCase()}`, url);
    expect(done).toMatchObject({ status: 'failed', error: { nodeId: 'call', code: 'address_not_allowed' } });
    expect(done.steps.find((step: { nodeId: string }) => step.nodeId === 'call')).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('keeps serving, and reaches the loopback receiver the test configuration allows', async () => {
    calls = 0;
    const done = await run('allowed-loopback', `${receiver.url}/`);
    expect(done).toMatchObject({ status: 'succeeded' });
    expect(calls).toBe(1);
  });
});
