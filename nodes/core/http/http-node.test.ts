import { describe, expect, it, onTestFinished } from 'vitest';
import { type LoopbackHandler, fetchHttpPort, runNode, startLoopbackServer, testExecution, testNodeId } from '../../sdk/testing/index.ts';
import { httpNode } from './http-node.ts';

async function serve(handler?: LoopbackHandler) {
  const server = await startLoopbackServer(handler);
  onTestFinished(() => server.close());
  return server;
}

const json = (status: number, body: unknown) => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const http = fetchHttpPort();

describe('core.http', () => {
  it('sends the method, headers and a JSON body built from expressions', async () => {
    const server = await serve(() => json(201, { id: 'ord_1' }));

    const step = await runNode(httpNode, {
      http,
      input: { order: { id: 7, qty: 2, price: 5 }, trace: 'abc' },
      params: {
        method: 'PUT',
        url: `="${server.url}/orders/" & $.order.id`,
        headers: { 'X-Trace': '=$.trace', Accept: 'application/json' },
        body: { orderId: '=$.order.id', total: '=$.order.qty * $.order.price', note: 'literal' },
      },
    });

    expect(step.status).toBe('succeeded');
    const [received] = server.requests;
    expect(received).toMatchObject({
      method: 'PUT',
      path: '/orders/7',
      headers: { 'x-trace': 'abc', accept: 'application/json', 'content-type': 'application/json' },
    });
    expect(JSON.parse(received?.body ?? '')).toEqual({ orderId: 7, total: 10, note: 'literal' });
  });

  it.each([
    { method: 'POST', sendsKey: true },
    { method: 'PUT', sendsKey: true },
    { method: 'PATCH', sendsKey: true },
    { method: 'DELETE', sendsKey: true },
    { method: 'GET', sendsKey: false },
  ])('$method carries an Idempotency-Key: $sendsKey', async ({ method, sendsKey }) => {
    const server = await serve();

    await runNode(httpNode, { http, params: { method, url: server.url, body: { a: 1 } } });

    const key = server.requests[0]?.headers['idempotency-key'];
    expect(key).toBe(sendsKey ? `${testExecution.id}:${testNodeId}` : undefined);
  });

  it('sends the same Idempotency-Key when the same step runs again, and another for another execution', async () => {
    const server = await serve();
    const params = { method: 'POST', url: server.url, body: { a: 1 } };

    await runNode(httpNode, { http, params });
    await runNode(httpNode, { http, params });
    await runNode(httpNode, { http, params, execution: { ...testExecution, id: 'exec_other' } });

    expect(server.requests.map((request) => request.headers['idempotency-key'])).toEqual([
      'exec_test:subject',
      'exec_test:subject',
      'exec_other:subject',
    ]);
  });

  it('keeps an Idempotency-Key the flow sets itself', async () => {
    const server = await serve();

    await runNode(httpNode, { http, input: { id: 'evt_9' }, params: { method: 'POST', url: server.url, headers: { 'Idempotency-Key': '=$.id' } } });

    expect(server.requests[0]?.headers['idempotency-key']).toBe('evt_9');
  });

  it.each([
    ['a GET', { method: 'GET', body: { a: 1 } }],
    ['bodyType none', { method: 'POST', bodyType: 'none', body: { a: 1 } }],
    ['a body that finds nothing', { method: 'POST', body: '=$.missing' }],
  ])('sends no body for %s', async (_why, params) => {
    const server = await serve();

    await runNode(httpNode, { http, input: {}, params: { url: server.url, ...params } });

    expect(server.requests[0]).toMatchObject({ body: '' });
    expect(server.requests[0]?.headers['content-type']).toBeUndefined();
  });

  it('sends a text body as plain text', async () => {
    const server = await serve();

    await runNode(httpNode, { http, input: { name: 'Ada' }, params: { method: 'POST', url: server.url, bodyType: 'text', body: '="hello " & $.name' } });

    expect(server.requests[0]).toMatchObject({ body: 'hello Ada', headers: { 'content-type': 'text/plain; charset=utf-8' } });
  });

  it('fails with invalid_body when a text body is not a string', async () => {
    const server = await serve();

    const step = await runNode(httpNode, { http, params: { method: 'POST', url: server.url, bodyType: 'text', body: { a: 1 } } });

    expect(step).toMatchObject({ status: 'failed', error: { code: 'invalid_body' } });
    expect(server.requests).toEqual([]);
  });

  it.each([
    ['a JSON answer, parsed', 'application/json; charset=utf-8', '{"ok":true,"items":[1,2]}', { ok: true, items: [1, 2] }],
    ['a +json answer, parsed', 'application/problem+json', '{"title":"gone"}', { title: 'gone' }],
    ['a text answer, as text', 'text/plain', 'hello', 'hello'],
    ['malformed JSON, as text', 'application/json', '{"ok":', '{"ok":'],
  ])('outputs status, headers and %s', async (_kind, contentType, body, expected) => {
    const server = await serve(() => ({ status: 200, headers: { 'Content-Type': contentType, 'X-Request-Id': 'req_1' }, body }));

    const step = await runNode(httpNode, { http, params: { url: `${server.url}/status` } });

    expect(step.status).toBe('succeeded');
    expect(step.output).toEqual({ status: 200, headers: expect.objectContaining({ 'content-type': contentType, 'x-request-id': 'req_1' }), body: expected });
  });

  it.each([
    { status: 400, retryable: false },
    { status: 404, retryable: false },
    { status: 429, retryable: true },
    { status: 500, retryable: true },
    { status: 503, retryable: true },
  ])('fails the step with http_error on $status (retryable: $retryable)', async ({ status, retryable }) => {
    const server = await serve(() => json(status, { error: 'nope' }));

    const step = await runNode(httpNode, { http, params: { method: 'POST', url: server.url, body: {} } });

    expect(step).toMatchObject({ status: 'failed', output: null, error: { code: 'http_error', retryable, details: { status, body: '{"error":"nope"}' } } });
    expect(step.error?.message).toContain(String(status));
  });

  it('outputs the answer of a non-2xx when failOnHttpError is off', async () => {
    const server = await serve(() => json(404, { error: 'not found' }));

    const step = await runNode(httpNode, { http, params: { url: server.url, failOnHttpError: false } });

    expect(step).toMatchObject({ status: 'succeeded', output: { status: 404, body: { error: 'not found' } } });
  });

  it('fails the step with http_timeout, retryable, when the server does not answer in time', async () => {
    const server = await serve(() => new Promise(() => {}));

    const step = await runNode(httpNode, { http, params: { url: server.url, timeoutMs: 50 } });

    expect(step).toMatchObject({ status: 'failed', error: { code: 'http_timeout', retryable: true } });
  });
});
