import { createEngine, type Json, silentLogger, systemClock, unavailableCode } from '@weft/engine';
import { builtinPacks, registryOf } from '@weft/nodes';
import { createCredentialTypeRegistry } from '@weft/nodes/sdk';
import { fetchHttpPort, type LoopbackServer, startLoopbackServer } from '@weft/nodes/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryCredentialsPort, type StoredCredential } from './memory-credentials-port.ts';
import { type OAuth2TestServer, startOAuth2TestServer } from './oauth2-test-server.ts';

let echo: LoopbackServer;
let provider: OAuth2TestServer;
beforeAll(async () => {
  echo = await startLoopbackServer((request) => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ headers: request.headers }),
  }));
  provider = await startOAuth2TestServer();
});
afterAll(async () => {
  await echo?.close();
  await provider?.close();
});

const types = createCredentialTypeRegistry(builtinPacks.flatMap((pack) => pack.credentials ?? []));

async function callWith(credential: StoredCredential, url = `${echo.url}/echo`) {
  const credentials = new Map([['cred_1', credential]]);
  const http = fetchHttpPort();
  const engine = createEngine({
    registry: registryOf(builtinPacks),
    ports: { http, clock: systemClock, logger: silentLogger, code: unavailableCode, credentials: createMemoryCredentialsPort({ types, credentials, http, clock: systemClock }) },
  });
  const document = {
    formatVersion: 1,
    id: 'memory',
    name: 'Memory credentials',
    nodes: [
      { id: 'start', type: 'core.manual', typeVersion: 1 },
      { id: 'call', type: 'core.http', typeVersion: 1, params: { url }, credentials: { auth: 'cred_1' } },
    ],
    edges: [{ from: { node: 'start', port: 'out' }, to: { node: 'call', port: 'in' } }],
  };
  const result = await engine.execute({ plan: engine.plan(document), execution: { id: 'e', flowId: 'memory', flowVersion: null }, payload: {} });
  return { result, stored: credentials.get('cred_1') };
}

describe('core.http with credentials from the in-memory port', () => {
  it.each<{ type: string; values: Record<string, Json>; header: string; expected: string }>([
    { type: 'core.bearer', values: { token: 'tok-abcdef' }, header: 'authorization', expected: 'Bearer tok-abcdef' },
    { type: 'core.basic', values: { username: 'ada', password: 'pw-123456' }, header: 'authorization', expected: `Basic ${Buffer.from('ada:pw-123456').toString('base64')}` },
    { type: 'core.apiKey', values: { headerName: 'X-Api-Key', key: 'key-abcdef' }, header: 'x-api-key', expected: 'key-abcdef' },
  ])('adds the $type header, and the record keeps it redacted', async ({ type, values, header, expected }) => {
    const { result } = await callWith({ type, values });
    expect(result.status).toBe('succeeded');
    expect(echo.requests.at(-1)?.headers[header]).toBe(expected);
    expect(JSON.stringify(result.steps)).not.toContain(expected);
  });

  it('refuses a credential type the auth slot does not take', async () => {
    const { result } = await callWith({ type: 'core.hmacSecret', values: { secret: 'hmac-abcdef' } });
    expect(result.error).toMatchObject({ nodeId: 'call', code: 'credential_type_mismatch' });
  });

  it('obtains an OAuth2 client-credentials token and keeps it in the map for the next run', async () => {
    const values = { clientId: provider.clientId, clientSecret: provider.clientSecret, tokenUrl: `${provider.url}/token`, scopes: [] };
    const first = await callWith({ type: 'core.oauth2ClientCredentials', values }, `${provider.url}/resource`);
    expect(first.result.status).toBe('succeeded');
    expect(first.stored?.values).toMatchObject({ accessToken: expect.stringMatching(/^at-/), tokenType: 'bearer', expiresAt: expect.any(String) });
    expect(JSON.stringify(first.result.steps)).not.toContain(String(first.stored?.values.accessToken));
  });
});
