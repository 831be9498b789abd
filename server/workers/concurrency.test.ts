import { type LoopbackServer, startLoopbackServer } from '@weft/nodes/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';

// A receiver that holds each call briefly and records how many were in flight at once.
let inFlight = 0;
let mostInFlight = 0;
let receiver: LoopbackServer;
let receiverUrl = '';
let weft: TestWeft;

beforeAll(async () => {
  receiver = await startLoopbackServer(async () => {
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 150));
    inFlight -= 1;
    return { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
  });
  receiverUrl = `${receiver.url}/`;
  weft = await startTestWeft();
});
afterAll(async () => {
  await receiver?.close();
  await weft?.stop();
});

describe('per-flow concurrency limit', () => {
  it('runs at most `concurrency` executions of a flow at once; the rest wait their turn and all finish', async () => {
    const flow = {
      formatVersion: 1,
      id: 'one-at-a-time',
      name: 'one at a time',
      nodes: [
        { id: 'hook', type: 'core.webhook', typeVersion: 1, params: {} },
        { id: 'call', type: 'core.http', typeVersion: 1, params: { method: 'POST', url: receiverUrl, body: {} } },
      ],
      edges: [{ from: { node: 'hook', port: 'out' }, to: { node: 'call', port: 'in' } }],
      settings: { concurrency: 1 },
    };
    await weft.api('/api/flows/import', { body: flow });
    await weft.api('/api/flows/one-at-a-time/publish', { method: 'POST' });
    const responses = await Promise.all(
      [1, 2, 3, 4].map(() => fetch(`${weft.url}/hooks/one-at-a-time`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })),
    );
    const ids: string[] = await Promise.all(responses.map(async (response) => (await response.json()).executionId));
    for (const id of ids) expect((await weft.executionWhen(id)).status).toBe('succeeded');
    expect(mostInFlight).toBe(1);
  }, 60_000);
});
