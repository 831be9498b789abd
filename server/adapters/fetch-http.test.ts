import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { NodeRunError } from '@weft/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetchHttpPort, MAX_REDIRECTS, MAX_RESPONSE_BYTES } from './fetch-http.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const received: Received[] = [];
const routes: Record<string, (response: ServerResponse) => void> = {
  '/echo': (response) => {
    response.writeHead(201, { 'Content-Type': 'application/json', 'X-Reply-Id': 'r-1' });
    response.end('{"ok":true}');
  },
  '/missing': (response) => {
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not here');
  },
  '/moved': (response) => {
    response.writeHead(302, { location: '/echo' });
    response.end();
  },
  '/see-other': (response) => {
    response.writeHead(303, { location: '/echo' });
    response.end();
  },
  '/temporary': (response) => {
    response.writeHead(307, { location: '/echo' });
    response.end();
  },
  '/elsewhere': (response) => {
    // Another port is another origin: credentials must not follow the redirect there.
    response.writeHead(302, { location: `${base}/echo`.replace(`:${port}/`, `:${otherPort}/`) });
    response.end();
  },
  '/loop': (response) => {
    response.writeHead(302, { location: '/loop' });
    response.end();
  },
  '/gzip': (response) => {
    response.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/plain' });
    response.end(gzipSync('packed ✓'));
  },
  '/slow': (response) => {
    setTimeout(() => response.end('late'), 2_000).unref();
  },
  '/huge-declared': (response) => {
    response.writeHead(200, { 'content-length': String(MAX_RESPONSE_BYTES + 1) });
    response.write('x');
  },
  '/huge-streamed': (response) => {
    // No content-length: the cap must hold while reading, not only on what the server declares.
    response.on('error', () => {});
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    for (let sent = 0; sent <= MAX_RESPONSE_BYTES; sent += chunk.byteLength) response.write(chunk);
    response.end();
  },
  '/unicode': (response) => {
    response.end('héllo — ✓');
  },
  '/image': (response) => {
    response.writeHead(200, { 'content-type': 'image/png', 'content-encoding': 'gzip' });
    response.end(gzipSync(pngBytes));
  },
};

// Not valid UTF-8: decoding these as text would replace some of them.
const pngBytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00]);

let servers: Server[] = [];
let base: string;
let port: number;
let otherPort: number;

async function startServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = request.url ?? '/';
      received.push({ method: request.method ?? '', url, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      (routes[url] ?? routes['/missing'])?.(response);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address: AddressInfo | string | null = server.address();
  if (address === null || typeof address === 'string') throw new Error('the test server has no port');
  return { server, port: address.port };
}

beforeAll(async () => {
  const [main, other] = await Promise.all([startServer(), startServer()]);
  servers = [main.server, other.server];
  port = main.port;
  otherPort = other.port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  }
});

// These tests talk to a server on loopback, which the port refuses unless the operator allows it.
const http = createFetchHttpPort({ allowPrivate: ['127.0.0.0/8'] });

async function failureOf(promise: Promise<unknown>): Promise<NodeRunError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof NodeRunError)) throw new Error(`expected a NodeRunError, got ${String(error)}`);
  return error;
}

describe('createFetchHttpPort', () => {
  it('sends the method, headers and body, and returns status, lowercased headers and text', async () => {
    received.length = 0;
    const response = await http.request({
      method: 'POST',
      url: `${base}/echo`,
      headers: { 'content-type': 'application/json', 'Idempotency-Key': 'exec-1:send' },
      body: '{"a":1}',
      timeoutMs: 5_000,
    });

    expect(response).toMatchObject({ status: 201, body: '{"ok":true}' });
    expect(response.headers).toMatchObject({ 'content-type': 'application/json', 'x-reply-id': 'r-1' });
    expect(received).toEqual([
      expect.objectContaining({ method: 'POST', url: '/echo', body: '{"a":1}' }),
    ]);
    expect(received[0]?.headers).toMatchObject({ 'content-type': 'application/json', 'idempotency-key': 'exec-1:send' });
  });

  it('sends a byte body as given', async () => {
    received.length = 0;
    await http.request({ method: 'PUT', url: `${base}/echo`, headers: {}, body: new TextEncoder().encode('bytes ✓'), timeoutMs: 5_000 });
    expect(received[0]).toMatchObject({ method: 'PUT', body: 'bytes ✓' });
  });

  it('returns answers outside 2xx instead of failing (the http node decides)', async () => {
    const response = await http.request({ method: 'GET', url: `${base}/missing`, headers: {}, timeoutMs: 5_000 });
    expect(response).toMatchObject({ status: 404, body: 'not here' });
  });

  it('follows redirects', async () => {
    const response = await http.request({ method: 'GET', url: `${base}/moved`, headers: {}, timeoutMs: 5_000 });
    expect(response.status).toBe(201);
  });

  it.each([
    ['303 turns a POST into a GET without its body', '/see-other', 'GET', ''],
    ['307 repeats the POST with its body', '/temporary', 'POST', '{"a":1}'],
  ])('follows redirects as fetch does: %s', async (_label, path, method, body) => {
    received.length = 0;
    const response = await http.request({ method: 'POST', url: `${base}${path}`, headers: { 'content-type': 'application/json' }, body: '{"a":1}', timeoutMs: 5_000 });
    expect(response.status).toBe(201);
    expect(received.map((entry) => entry.url)).toEqual([path, '/echo']);
    expect(received[1]).toMatchObject({ method, body });
  });

  it('drops credentials when a redirect leaves the origin', async () => {
    received.length = 0;
    const headers = { authorization: 'Bearer secret', 'x-trace': 't-1' };
    const response = await http.request({ method: 'GET', url: `${base}/elsewhere`, headers, timeoutMs: 5_000 });
    expect(response.status).toBe(201);
    expect(received[0]?.headers).toMatchObject({ authorization: 'Bearer secret' });
    expect(received[1]?.headers).toMatchObject({ host: `127.0.0.1:${otherPort}`, 'x-trace': 't-1' });
    expect(received[1]?.headers.authorization).toBeUndefined();
  });

  it(`gives up after ${MAX_REDIRECTS} redirects`, async () => {
    received.length = 0;
    const error = await failureOf(http.request({ method: 'GET', url: `${base}/loop`, headers: {}, timeoutMs: 5_000 }));
    expect(error).toMatchObject({ code: 'http_request_failed', retryable: false });
    expect(received).toHaveLength(MAX_REDIRECTS + 1);
  });

  it('decodes a compressed body', async () => {
    const response = await http.request({ method: 'GET', url: `${base}/gzip`, headers: {}, timeoutMs: 5_000 });
    expect(response).toMatchObject({ status: 200, body: 'packed ✓' });
    expect(response.headers['content-encoding']).toBe('gzip');
  });

  it('decodes the body as UTF-8', async () => {
    const response = await http.request({ method: 'GET', url: `${base}/unicode`, headers: {}, timeoutMs: 5_000 });
    expect(response.body).toBe('héllo — ✓');
  });

  it('returns the body as bytes, decompressed, when asked for bytes', async () => {
    const response = await http.request({ method: 'GET', url: `${base}/image`, headers: {}, timeoutMs: 5_000, responseType: 'bytes' });
    expect(response).toMatchObject({ status: 200, body: '', bytes: pngBytes });
    expect(response.headers['content-type']).toBe('image/png');
  });

  it('fails with a retryable http_timeout when the answer is too slow', async () => {
    const error = await failureOf(http.request({ method: 'GET', url: `${base}/slow`, headers: {}, timeoutMs: 100 }));
    expect(error).toMatchObject({ code: 'http_timeout', retryable: true });
    expect(error.message).toBe(`GET ${base}/slow timed out after 100 ms`);
  });

  it("rejects with the caller's own reason when the caller aborts", async () => {
    const controller = new AbortController();
    const pending = http.request({ method: 'GET', url: `${base}/slow`, headers: {}, timeoutMs: 5_000, signal: controller.signal });
    const reason = new Error('execution stopped');
    setTimeout(() => controller.abort(reason), 50);
    await expect(pending).rejects.toBe(reason);
  });

  it('fails with a retryable http_request_failed when nothing listens', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const address: AddressInfo | string | null = closed.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    closed.close();
    await once(closed, 'close');

    const url = `http://127.0.0.1:${address.port}/x`;
    const error = await failureOf(http.request({ method: 'POST', url, headers: {}, body: '{}', timeoutMs: 5_000 }));
    expect(error).toMatchObject({ code: 'http_request_failed', retryable: true });
    expect(error.message).toMatch(new RegExp(`^POST ${url} failed: .*ECONNREFUSED`));
  });

  it.each([
    ['/huge-declared', 'text'],
    ['/huge-streamed', 'text'],
    ['/huge-streamed', 'bytes'],
  ] as const)('fails with http_response_too_large beyond 10 MiB (%s as %s)', async (path, responseType) => {
    const error = await failureOf(http.request({ method: 'GET', url: `${base}${path}`, headers: {}, timeoutMs: 10_000, responseType }));
    expect(error).toMatchObject({ code: 'http_response_too_large', retryable: false });
  });

  it('refuses a URL it cannot parse without trying', async () => {
    const error = await failureOf(http.request({ method: 'GET', url: 'not a url', headers: {}, timeoutMs: 1_000 }));
    expect(error).toMatchObject({ code: 'invalid_url', retryable: false });
  });
});
