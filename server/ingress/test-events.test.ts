import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';

let weft: TestWeft;

const flow = (id: string) => ({
  formatVersion: 1,
  id,
  name: id,
  nodes: [
    { id: 'orders', type: 'core.webhook', typeVersion: 1, params: { path: 'orders/paid', methods: ['POST', 'PUT'] } },
    { id: 'shape', type: 'core.map', typeVersion: 1, params: { output: { got: '=$.body' } } },
  ],
  edges: [{ from: { node: 'orders', port: 'out' }, to: { node: 'shape', port: 'in' } }],
});

function send(url: string, init: { method?: string; contentType?: string; body?: string } = {}) {
  return fetch(url, {
    method: init.method ?? 'POST',
    headers: { 'content-type': init.contentType ?? 'application/json' },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
}

async function listen(flowId: string) {
  const response = await weft.api(`/api/flows/${flowId}/test-event/listen`, { method: 'POST' });
  expect(response.status).toBe(200);
  return response.json();
}

async function slot(flowId: string, wait = 0) {
  const response = await weft.api(`/api/flows/${flowId}/test-event?wait=${wait}`);
  expect(response.status).toBe(200);
  return response.json();
}

async function executionCount(flowId: string): Promise<number> {
  return (await (await weft.api(`/api/executions?flowId=${flowId}`)).json()).items.length;
}

beforeAll(async () => {
  weft = await startTestWeft();
  for (const id of ['capture', 'compare', 'refusals', 'long-poll', 'stop']) {
    expect((await weft.api('/api/flows/import', { body: flow(id) })).status).toBe(201);
  }
});
afterAll(async () => weft?.stop());

describe('test events: the test URL captures a sample for the editor', () => {
  it('answers 404 test_hook_not_listening while nobody listens, and stores nothing', async () => {
    const response = await send(`${weft.url}/hooks-test/capture/orders/paid`, { body: '{"order":1}' });
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('test_hook_not_listening');
    expect(await slot('capture')).toEqual({ status: 'idle', expiresAt: null, event: null });
    const unknownFlow = await send(`${weft.url}/hooks-test/no-such-flow`, { body: '{}' });
    expect(unknownFlow.status).toBe(404);
    expect((await unknownFlow.json()).error.code).toBe('test_hook_not_listening');
  });

  it('arms listening, captures the next request without running anything, then stops listening', async () => {
    const armed = await listen('capture');
    expect(armed).toMatchObject({ listening: true, testUrl: `${weft.url}/hooks-test/capture` });
    expect(armed.hooks).toEqual([{ nodeId: 'orders', url: `${weft.url}/hooks-test/capture/orders/paid`, methods: ['POST', 'PUT'] }]);
    expect(Date.parse(armed.expiresAt)).toBeGreaterThan(Date.now());
    expect(await slot('capture')).toMatchObject({ status: 'listening', expiresAt: armed.expiresAt, event: null });

    const response = await send(`${armed.hooks[0].url}?source=shop`, { method: 'PUT', body: '{"order":42}' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ captured: true });

    const captured = await slot('capture');
    expect(captured).toMatchObject({ status: 'captured', expiresAt: null, event: { triggerNodeId: 'orders' } });
    expect(captured.event.payload).toMatchObject({
      method: 'PUT',
      path: 'orders/paid',
      query: { source: 'shop' },
      body: { order: 42 },
      rawBody: '{"order":42}',
      headers: { 'content-type': 'application/json' },
    });
    expect(await executionCount('capture')).toBe(0);

    // One arming, one sample: the next request is refused and the first capture is kept.
    const again = await send(armed.hooks[0].url, { body: '{"order":43}' });
    expect(again.status).toBe(404);
    expect((await again.json()).error.code).toBe('test_hook_not_listening');
    expect((await slot('capture')).event.payload.body).toEqual({ order: 42 });
  });

  it('captures exactly the payload a real webhook execution of the same request receives', async () => {
    expect((await weft.api('/api/flows/compare/publish', { method: 'POST' })).status).toBe(200);
    await listen('compare');
    const request = { contentType: 'application/x-www-form-urlencoded', body: 'email=ada%40example.com&tag=a&tag=b' };
    expect((await send(`${weft.url}/hooks-test/compare/orders/paid?x=1`, request)).status).toBe(200);
    const live = await send(`${weft.url}/hooks/compare/orders/paid?x=1`, request);
    expect(live.status).toBe(202);
    const execution = await weft.executionWhen((await live.json()).executionId);
    expect((await slot('compare')).event.payload).toEqual(execution.payload);
    expect(execution.payload.body).toEqual({ email: 'ada@example.com', tag: ['a', 'b'] });
  });

  it('refuses what the real hook refuses (wrong path, method, body) and keeps listening', async () => {
    await listen('refusals');
    const wrongPath = await send(`${weft.url}/hooks-test/refusals/elsewhere`, { body: '{}' });
    expect(wrongPath.status).toBe(404);
    expect((await wrongPath.json()).error.code).toBe('hook_not_found');
    const wrongMethod = await send(`${weft.url}/hooks-test/refusals/orders/paid`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect((await wrongMethod.json()).error).toMatchObject({ code: 'method_not_allowed', details: { allowed: ['POST', 'PUT'] } });
    const badJson = await send(`${weft.url}/hooks-test/refusals/orders/paid`, { body: '{"broken"' });
    expect(badJson.status).toBe(400);
    expect((await badJson.json()).error.code).toBe('invalid_json');
    const badType = await send(`${weft.url}/hooks-test/refusals/orders/paid`, { contentType: 'image/png', body: 'x' });
    expect(badType.status).toBe(415);
    expect((await slot('refusals')).status).toBe('listening');
  });

  it('long-polls until the request arrives, and answers "listening" when the wait runs out', async () => {
    await listen('long-poll');
    expect((await slot('long-poll', 1)).status).toBe('listening');
    const waiting = slot('long-poll', 20);
    expect((await send(`${weft.url}/hooks-test/long-poll/orders/paid`, { body: '{"late":true}' })).status).toBe(200);
    expect(await waiting).toMatchObject({ status: 'captured', event: { payload: { body: { late: true } } } });
  });

  it('stops listening and forgets the capture on DELETE', async () => {
    await listen('stop');
    const stopped = await weft.api('/api/flows/stop/test-event', { method: 'DELETE' });
    expect(stopped.status).toBe(204);
    expect(await slot('stop')).toEqual({ status: 'idle', expiresAt: null, event: null });
    expect((await send(`${weft.url}/hooks-test/stop/orders/paid`, { body: '{}' })).status).toBe(404);
  });

  it('needs the API token, a known flow and a bounded wait', async () => {
    for (const [method, path] of [
      ['POST', '/api/flows/capture/test-event/listen'],
      ['GET', '/api/flows/capture/test-event'],
      ['DELETE', '/api/flows/capture/test-event'],
    ] as const) {
      const response = await fetch(`${weft.url}${path}`, { method });
      expect(response.status).toBe(401);
      expect((await response.json()).error.code).toBe('unauthorized');
    }
    const unknown = await weft.api('/api/flows/no-such-flow/test-event/listen', { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('flow_not_found');
    const tooLong = await weft.api('/api/flows/capture/test-event?wait=600');
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json()).error.code).toBe('invalid_request');
  });
});
