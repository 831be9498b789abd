import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';

// A receiver that holds each call briefly and records how many were in flight at once.
let inFlight = 0;
let mostInFlight = 0;
let receiver: Server;
let receiverUrl = '';
let weft: TestWeft;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    request.resume();
    setTimeout(() => {
      inFlight -= 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    }, 150);
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/`;
  weft = await startTestWeft();
});
afterAll(async () => {
  receiver?.close();
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
    for (const id of ids) {
      let status = '';
      for (let attempt = 0; attempt < 300 && status !== 'succeeded' && status !== 'failed'; attempt++) {
        status = (await (await weft.api(`/api/executions/${id}`)).json()).status;
        if (status !== 'succeeded') await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(status).toBe('succeeded');
    }
    expect(mostInFlight).toBe(1);
  }, 60_000);
});
