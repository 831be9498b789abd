import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NodeRunError } from '@weft/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AllowedPrivateAddresses } from './address-policy.ts';
import { createFetchHttpPort } from './fetch-http.ts';

let server: Server;
let port: number;
const paths: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    paths.push(request.url ?? '/');
    if (request.url === '/to-other-loopback') {
      response.writeHead(302, { location: `http://127.0.0.2:${port}/ok` });
      return response.end();
    }
    response.end('ok');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address: AddressInfo | string | null = server.address();
  if (address === null || typeof address === 'string') throw new Error('the test server has no port');
  port = address.port;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

async function failureOf(promise: Promise<unknown>): Promise<NodeRunError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof NodeRunError)) throw new Error(`expected a NodeRunError, got ${String(error)}`);
  return error;
}

describe('createFetchHttpPort address guard', () => {
  const strict = createFetchHttpPort({ allowPrivate: 'none' });

  // Nothing listens at most of these: a request that got through would time out instead.
  it.each([
    ['loopback', 'http://127.0.0.1:9/', /127\.0\.0\.1 is a private address/],
    ['loopback by name', 'http://localhost:9/', /localhost resolves to (127\.0\.0\.1|::1), a private address/],
    ['loopback in decimal', 'http://2130706433:9/', /127\.0\.0\.1 is a private address/],
    ['10/8', 'http://10.1.2.3/', /10\.1\.2\.3/],
    ['172.16/12', 'http://172.16.5.4/', /172\.16\.5\.4/],
    ['192.168/16', 'http://192.168.1.1/', /192\.168\.1\.1/],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254/],
    ['CGNAT', 'http://100.64.0.1/', /100\.64\.0\.1/],
    ['IPv6 loopback', 'http://[::1]:9/', /::1 is a private address/],
    ['IPv6 link-local', 'http://[fe80::1]/', /fe80::1/],
    ['IPv6 unique local', 'http://[fd00::1]/', /fd00::1/],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]:9/', /::ffff:7f00:1 is a private address/],
    ['IPv4-mapped metadata', 'http://[::ffff:169.254.169.254]/', /::ffff:a9fe:a9fe/],
    ['the unspecified address', 'http://0.0.0.0:9/', /0\.0\.0\.0/],
    ['the IPv6 unspecified address', 'http://[::]:9/', /:: is a private address/],
  ])('refuses %s (%s) with address_not_allowed', async (_label, url, message) => {
    const error = await failureOf(strict.request({ method: 'GET', url, headers: {}, timeoutMs: 2_000 }));
    expect(error).toMatchObject({ code: 'address_not_allowed', retryable: false });
    expect(error.message).toMatch(message);
    expect(error.message).toContain('WEFT_ALLOW_PRIVATE_NETWORKS');
  });

  const allowances: [string, AllowedPrivateAddresses][] = [
    ['a CIDR list', ['127.0.0.1/32']],
    ['a mapped-address CIDR', ['::ffff:127.0.0.0/104']],
    ['everything', 'all'],
  ];
  it.each(allowances)('reaches a private address the operator allows by %s', async (_label, allowPrivate) => {
    const allowed = createFetchHttpPort({ allowPrivate });
    const response = await allowed.request({ method: 'GET', url: `http://127.0.0.1:${port}/ok`, headers: {}, timeoutMs: 5_000 });
    expect(response).toMatchObject({ status: 200, body: 'ok' });
  });

  it('checks the address a name resolves to when connecting, not the name', async () => {
    paths.length = 0;
    const error = await failureOf(strict.request({ method: 'GET', url: `http://localhost:${port}/ok`, headers: {}, timeoutMs: 2_000 }));
    expect(error.code).toBe('address_not_allowed');
    expect(paths).toEqual([]);
  });

  it('refuses a redirect from an allowed address to one that is not', async () => {
    paths.length = 0;
    // Only the first hop's address is allowed; the redirect target is checked on its own.
    const onlyFirstHop = createFetchHttpPort({ allowPrivate: ['127.0.0.1/32'] });
    const url = `http://127.0.0.1:${port}/to-other-loopback`;
    const error = await failureOf(onlyFirstHop.request({ method: 'GET', url, headers: {}, timeoutMs: 2_000 }));
    expect(error).toMatchObject({ code: 'address_not_allowed', retryable: false });
    expect(error.message).toMatch(/127\.0\.0\.2 is a private address/);
    expect(paths).toEqual(['/to-other-loopback']);
  });
});
