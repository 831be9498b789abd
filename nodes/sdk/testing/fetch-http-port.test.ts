import { NodeRunError } from '@weft/engine';
import { describe, expect, it, onTestFinished } from 'vitest';
import { fetchHttpPort } from './fetch-http-port.ts';
import { type LoopbackHandler, startLoopbackServer } from './loopback-server.ts';

async function serve(handler?: LoopbackHandler) {
  const server = await startLoopbackServer(handler);
  onTestFinished(() => server.close());
  return server;
}

const http = fetchHttpPort();

describe('fetchHttpPort', () => {
  it('sends the request and returns status, lowercased headers and the body as text', async () => {
    const server = await serve(() => ({ status: 201, headers: { 'X-Request-Id': 'req_1', 'Content-Type': 'application/json' }, body: '{"ok":true}' }));

    const response = await http.request({
      method: 'POST',
      url: `${server.url}/things?x=1`,
      headers: { 'content-type': 'text/plain', 'x-trace': 'abc' },
      body: 'hello',
      timeoutMs: 5_000,
    });

    expect(response.status).toBe(201);
    expect(response.headers).toMatchObject({ 'x-request-id': 'req_1', 'content-type': 'application/json' });
    expect(response.body).toBe('{"ok":true}');
    expect(server.requests).toEqual([
      expect.objectContaining({ method: 'POST', path: '/things?x=1', body: 'hello', headers: expect.objectContaining({ 'x-trace': 'abc' }) }),
    ]);
  });

  it('sends a binary body as is', async () => {
    const server = await serve();

    await http.request({ method: 'PUT', url: server.url, headers: {}, body: new TextEncoder().encode('bytes'), timeoutMs: 5_000 });

    expect(server.requests[0]?.body).toBe('bytes');
  });

  it('returns the body undecoded when asked for bytes', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00]);
    const server = await serve(() => ({ headers: { 'content-type': 'image/png' }, body: png }));

    const response = await http.request({ method: 'GET', url: server.url, headers: {}, timeoutMs: 5_000, responseType: 'bytes' });

    expect(response).toMatchObject({ status: 200, body: '', bytes: png });
  });

  it('reports a server that cannot be reached as http_request_failed, retryable', async () => {
    const server = await startLoopbackServer();
    await server.close();

    const failure = http.request({ method: 'GET', url: server.url, headers: {}, timeoutMs: 5_000 });

    await expect(failure).rejects.toBeInstanceOf(NodeRunError);
    await expect(failure).rejects.toMatchObject({ code: 'http_request_failed', retryable: true });
  });

  it('reports a server that does not answer in time as http_timeout, retryable', async () => {
    const server = await serve(() => new Promise(() => {}));

    const failure = http.request({ method: 'GET', url: server.url, headers: {}, timeoutMs: 50 });

    await expect(failure).rejects.toMatchObject({ code: 'http_timeout', retryable: true, message: expect.stringContaining('50 ms') });
  });

  it('passes a stopped execution on as the abort, not as a failed call', async () => {
    const server = await serve(() => new Promise(() => {}));
    const execution = new AbortController();

    const failure = http.request({ method: 'GET', url: server.url, headers: {}, timeoutMs: 5_000, signal: execution.signal });
    execution.abort(new Error('execution stopped'));

    await expect(failure).rejects.toThrow('execution stopped');
    await expect(failure).rejects.not.toBeInstanceOf(NodeRunError);
  });
});
