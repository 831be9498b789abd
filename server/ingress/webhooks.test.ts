import { startLoopbackServer } from '@weft/nodes/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';

let weft: TestWeft;

const webhookFlow = (id: string, webhook: Record<string, unknown>, respond?: Record<string, unknown>) => ({
  formatVersion: 1,
  id,
  name: id,
  nodes: [
    { id: 'hook', type: 'core.webhook', typeVersion: 1, params: webhook },
    { id: 'shape', type: 'core.map', typeVersion: 1, params: { output: { got: '=$.body', method: '=$.method', q: '=$.query' } } },
    ...(respond === undefined ? [] : [{ id: 'answer', type: 'core.respond', typeVersion: 1, params: respond }]),
  ],
  edges: [
    { from: { node: 'hook', port: 'out' }, to: { node: 'shape', port: 'in' } },
    ...(respond === undefined ? [] : [{ from: { node: 'shape', port: 'out' }, to: { node: 'answer', port: 'in' } }]),
  ],
});

async function publish(document: { id: string }) {
  expect((await weft.api('/api/flows/import', { body: document })).status).toBe(201);
  expect((await weft.api(`/api/flows/${document.id}/publish`, { method: 'POST' })).status).toBe(200);
}

function hook(path: string, init: { method?: string; contentType?: string; body?: string } = {}) {
  return fetch(`${weft.url}/hooks/${path}`, {
    method: init.method ?? 'POST',
    headers: init.contentType === undefined ? {} : { 'content-type': init.contentType },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
}

beforeAll(async () => {
  weft = await startTestWeft({ WEFT_BODY_LIMIT: '2048' });
  await publish(webhookFlow('at-once', {}));
  await publish(webhookFlow('answers', { responseMode: 'whenFinished', path: 'orders/new' }, { status: 201, body: { echoed: '=$.got' } }));
  await publish(webhookFlow('no-respond', { responseMode: 'whenFinished', methods: ['GET', 'POST'] }));
  await publish(webhookFlow('twiml', { responseMode: 'whenFinished' }, { bodyType: 'xml', body: '="<Response><Message>" & $.got.Body & "</Message></Response>"' }));
});
afterAll(async () => weft?.stop());

describe('webhook ingress', () => {
  it('answers 202 with the execution id once the event is stored, then runs the flow', async () => {
    const response = await hook('at-once?source=test', { contentType: 'application/json', body: '{"order":42}' });
    expect(response.status).toBe(202);
    const { executionId } = await response.json();
    const execution = await weft.executionWhen(executionId);
    expect(execution).toMatchObject({ status: 'succeeded', mode: 'webhook', flowVersion: 1 });
    expect(execution.payload).toMatchObject({ method: 'POST', body: { order: 42 }, rawBody: '{"order":42}', query: { source: 'test' } });
    expect(execution.steps).toContainEqual(expect.objectContaining({ nodeId: 'shape', output: { got: { order: 42 }, method: 'POST', q: { source: 'test' } } }));
  });

  it('waits for the flow and answers from its respond step, on the declared sub-path', async () => {
    const response = await hook('answers/orders/new', { contentType: 'application/json', body: '{"id":"A1"}' });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({ echoed: { id: 'A1' } });
  });

  it('answers 200 with the execution when the flow has no respond step', async () => {
    const response = await hook('no-respond', { method: 'GET' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'succeeded', executionId: expect.any(String) });
  });

  it('reads form-encoded bodies and can answer with XML', async () => {
    const response = await hook('twiml', { contentType: 'application/x-www-form-urlencoded', body: 'From=%2B15551234567&Body=hi+there' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/xml');
    expect(await response.text()).toBe('<Response><Message>hi there</Message></Response>');
  });

  it('keeps text bodies as text', async () => {
    const { executionId } = await (await hook('at-once', { contentType: 'text/plain', body: 'just words' })).json();
    expect((await weft.executionWhen(executionId)).payload).toMatchObject({ body: 'just words', rawBody: 'just words' });
  });

  it.each([
    ['malformed JSON', { contentType: 'application/json', body: '{"open":' }, 400, 'invalid_json'],
    ['a __proto__ key', { contentType: 'application/json', body: '{"__proto__":{"admin":true}}' }, 400, 'forbidden_key'],
    ['a constructor.prototype key', { contentType: 'application/json', body: '{"constructor":{"prototype":{"admin":true}}}' }, 400, 'forbidden_key'],
    ['a __proto__ key spelled with \\u escapes', { contentType: 'application/json', body: '{"\\u005f_proto__":{"admin":true}}' }, 400, 'forbidden_key'],
    ['a body over the limit', { contentType: 'application/json', body: JSON.stringify({ big: 'x'.repeat(4096) }) }, 413, 'payload_too_large'],
    ['an unsupported media type', { contentType: 'application/octet-stream', body: 'bytes' }, 415, 'unsupported_media_type'],
  ])('refuses %s', async (_case, init, status, code) => {
    const response = await hook('at-once', init);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error: { code, message: expect.any(String) } });
  });

  it.each([
    ['an unknown flow', 'nope'],
    ['an unknown sub-path', 'answers/elsewhere'],
  ])('answers 404 for %s', async (_case, path) => {
    const response = await hook(path, { contentType: 'application/json', body: '{}' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'hook_not_found', message: expect.any(String) } });
  });

  it('answers 404 for a flow that exists but is not published', async () => {
    await weft.api('/api/flows/import', { body: webhookFlow('draft-only', {}) });
    expect((await hook('draft-only', { contentType: 'application/json', body: '{}' })).status).toBe(404);
  });

  it('answers 405 for a method the trigger does not accept', async () => {
    const response = await hook('at-once', { method: 'PUT', contentType: 'application/json', body: '{}' });
    expect(response.status).toBe(405);
    expect(await response.json()).toMatchObject({ error: { code: 'method_not_allowed', details: { allowed: ['POST'] } } });
  });

  it('answers 504 with the execution id when the flow outlasts the answer timeout, and still finishes it', async () => {
    const slowReceiver = await startLoopbackServer(async () => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      return { body: '{}' };
    });
    const slow = {
      formatVersion: 1,
      id: 'slow',
      name: 'slow',
      nodes: [
        { id: 'hook', type: 'core.webhook', typeVersion: 1, params: { responseMode: 'whenFinished', responseTimeoutMs: 100 } },
        { id: 'call', type: 'core.http', typeVersion: 1, params: { url: slowReceiver.url, method: 'POST', body: {} } },
      ],
      edges: [{ from: { node: 'hook', port: 'out' }, to: { node: 'call', port: 'in' } }],
    };
    await publish(slow);
    const response = await hook('slow', { contentType: 'application/json', body: '{}' });
    expect(response.status).toBe(504);
    const body = await response.json();
    expect(body.error).toMatchObject({ code: 'response_timeout', details: { executionId: expect.any(String) } });
    expect(await weft.executionWhen(body.error.details.executionId)).toMatchObject({ status: 'succeeded' });
    await slowReceiver.close();
  });
});
