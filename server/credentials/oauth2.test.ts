import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';
import { type OAuth2TestServer, startOAuth2TestServer } from './oauth2-test-server.ts';

let weft: TestWeft;
let provider: OAuth2TestServer;
beforeAll(async () => {
  weft = await startTestWeft({ WEFT_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
  provider = await startOAuth2TestServer();
});
afterAll(async () => {
  await provider?.close();
  await weft?.stop();
});

const withId = z.object({ id: z.string() });
const authorizeAnswer = z.object({ url: z.string(), redirectUri: z.string() });
const executionView = z.object({ id: z.string(), status: z.string(), steps: z.array(z.object({ nodeId: z.string(), output: z.json() })) });

async function createCredential(type: string, values: Record<string, unknown>): Promise<string> {
  const response = await weft.api('/api/credentials', { body: { type, name: `${type} test`, values } });
  expect(response.status).toBe(201);
  return withId.parse(await response.json()).id;
}

async function authorizationCodeCredential(): Promise<string> {
  return createCredential('core.oauth2AuthorizationCode', {
    clientId: provider.clientId,
    clientSecret: provider.clientSecret,
    authorizeUrl: `${provider.url}/authorize`,
    tokenUrl: `${provider.url}/token`,
    scopes: ['read', 'write'],
  });
}

/** What a user's browser does: open the authorize URL, follow the provider's redirect back to Weft. */
async function connect(credentialId: string): Promise<Response> {
  const { url } = authorizeAnswer.parse(await (await weft.api(`/api/credentials/${credentialId}/oauth2/authorize`)).json());
  const atProvider = await fetch(url, { redirect: 'manual' });
  expect(atProvider.status).toBe(302);
  return fetch(atProvider.headers.get('location') ?? '', { redirect: 'manual' });
}

const resourceFlow = (id: string, credentialId: string) => ({
  formatVersion: 1,
  id,
  name: 'Calls a protected resource',
  nodes: [
    { id: 'start', type: 'core.manual', typeVersion: 1, params: {} },
    { id: 'call', type: 'core.http', typeVersion: 1, params: { url: `${provider.url}/resource` }, credentials: { auth: credentialId } },
  ],
  edges: [{ from: { node: 'start', port: 'out' }, to: { node: 'call', port: 'in' } }],
});

async function runFlow(flowId: string) {
  const response = await weft.api(`/api/flows/${flowId}/run`, { body: { payload: {} } });
  const body: unknown = await response.json();
  return { body, execution: executionView.parse(body) };
}

describe('OAuth2 authorization code, end to end', () => {
  it('builds an authorize URL with state and a PKCE S256 challenge', async () => {
    const id = await authorizationCodeCredential();
    const answer = authorizeAnswer.parse(await (await weft.api(`/api/credentials/${id}/oauth2/authorize`)).json());
    const url = new URL(answer.url);
    expect(url.origin + url.pathname).toBe(`${provider.url}/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: provider.clientId,
      redirect_uri: `${weft.url}/oauth2/callback`,
      state: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge_method: 'S256',
      scope: 'read write',
    });
  });

  it('connects, calls the resource, refreshes before expiry and once on a 401, and never shows a token', async () => {
    const id = await authorizationCodeCredential();
    const callback = await connect(id);
    expect(callback.status).toBe(200);
    expect(provider.grants).toContain('authorization_code');
    const connected = await (await weft.api(`/api/credentials/${id}`)).json();
    expect(connected).toMatchObject({ fields: { accessToken: { set: true }, refreshToken: { set: true }, expiresAt: { set: true, value: expect.any(String) } } });

    await weft.api('/api/flows/import', { body: resourceFlow('oauth-resource', id) });
    const first = await runFlow('oauth-resource');
    expect(first.execution.status).toBe('succeeded');
    expect(first.execution.steps.find((step) => step.nodeId === 'call')?.output).toMatchObject({ status: 200, body: { ok: true, sawToken: '[redacted]' } });

    // The provider revokes the token: the 401 makes Weft refresh once and retry.
    provider.revokeAccessTokens();
    const refusedBefore = provider.refusedResourceCalls;
    const afterRevoke = await runFlow('oauth-resource');
    expect(afterRevoke.execution.status).toBe('succeeded');
    expect(provider.refusedResourceCalls).toBe(refusedBefore + 1);
    expect(provider.grants.filter((grant) => grant === 'refresh_token')).toHaveLength(1);

    // Tokens about to expire are refreshed before the call, so the resource never sees a stale one.
    provider.tokenLifetimeSeconds = 30;
    provider.revokeAccessTokens();
    await runFlow('oauth-resource');
    const refusedNow = provider.refusedResourceCalls;
    const beforeExpiry = await runFlow('oauth-resource');
    expect(beforeExpiry.execution.status).toBe('succeeded');
    expect(provider.refusedResourceCalls).toBe(refusedNow);
    expect(provider.grants.filter((grant) => grant === 'refresh_token').length).toBeGreaterThanOrEqual(3);
    provider.tokenLifetimeSeconds = 3600;

    const texts = await Promise.all(
      [`/api/credentials/${id}`, '/api/credentials', `/api/executions/${beforeExpiry.execution.id}`, '/api/flows/oauth-resource/export'].map(
        async (path) => (await weft.api(path)).text(),
      ),
    );
    for (const text of texts) {
      expect(text).not.toContain(provider.clientSecret);
      expect(text).not.toMatch(/\b(at|rt)-[0-9a-f]{24}\b/);
    }
  });

  it.each([
    { name: 'an unknown state', query: 'state=forged&code=abc', code: 'invalid_oauth2_state' },
    { name: 'no state', query: 'code=abc', code: 'invalid_oauth2_state' },
  ])('refuses a callback with $name', async ({ query, code }) => {
    const response = await fetch(`${weft.url}/oauth2/callback?${query}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code } });
  });

  it('accepts each state once', async () => {
    const id = await authorizationCodeCredential();
    const { url } = authorizeAnswer.parse(await (await weft.api(`/api/credentials/${id}/oauth2/authorize`)).json());
    const back = (await fetch(url, { redirect: 'manual' })).headers.get('location') ?? '';
    expect((await fetch(back)).status).toBe(200);
    const replay = await fetch(back);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: { code: 'invalid_oauth2_state' } });
  });

  it('reports a provider refusal and a flow run before connecting, clearly', async () => {
    const id = await authorizationCodeCredential();
    const { url } = authorizeAnswer.parse(await (await weft.api(`/api/credentials/${id}/oauth2/authorize`)).json());
    const state = new URL(url).searchParams.get('state') ?? '';
    const denied = await fetch(`${weft.url}/oauth2/callback?state=${state}&error=access_denied`);
    expect(denied.status).toBe(400);
    expect(await denied.json()).toMatchObject({ error: { code: 'oauth2_denied', message: expect.stringContaining('access_denied') } });

    await weft.api('/api/flows/import', { body: resourceFlow('oauth-unconnected', id) });
    const run = await runFlow('oauth-unconnected');
    expect(run.body).toMatchObject({ status: 'failed', error: { nodeId: 'call', code: 'credential_not_connected' } });
  });

  it('forgets the tokens when the client settings change, since they were issued to the old ones', async () => {
    const id = await authorizationCodeCredential();
    expect((await connect(id)).status).toBe(200);
    const changed = await weft.api(`/api/credentials/${id}`, { method: 'PUT', body: { values: { scopes: ['read'] } } });
    expect(await changed.json()).toMatchObject({ fields: { clientSecret: { set: true }, accessToken: { set: false }, refreshToken: { set: false } } });
    const renamed = await weft.api(`/api/credentials/${id}`, { method: 'PUT', body: { name: 'Renamed' } });
    expect(await renamed.json()).toMatchObject({ name: 'Renamed', fields: { accessToken: { set: false } } });
    expect((await connect(id)).status).toBe(200);
    const renamedAgain = await weft.api(`/api/credentials/${id}`, { method: 'PUT', body: { name: 'Renamed again' } });
    expect(await renamedAgain.json()).toMatchObject({ name: 'Renamed again', fields: { accessToken: { set: true } } });
  });

  it('refuses to authorize a credential of another type', async () => {
    const id = await createCredential('core.bearer', { token: 'tok-123456' });
    const response = await weft.api(`/api/credentials/${id}/oauth2/authorize`);
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: { code: 'not_oauth2_authorization_code' } });
  });
});

describe('OAuth2 client credentials', () => {
  it('obtains a token with the client_credentials grant, reuses it, and renews it after a 401', async () => {
    const id = await createCredential('core.oauth2ClientCredentials', {
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      tokenUrl: `${provider.url}/token`,
      scopes: ['machine'],
    });
    await weft.api('/api/flows/import', { body: resourceFlow('oauth-machine', id) });
    const countGrants = () => provider.grants.filter((grant) => grant === 'client_credentials').length;
    const before = countGrants();

    expect((await runFlow('oauth-machine')).execution.status).toBe('succeeded');
    expect((await runFlow('oauth-machine')).execution.status).toBe('succeeded');
    expect(countGrants()).toBe(before + 1);

    provider.revokeAccessTokens();
    expect((await runFlow('oauth-machine')).execution.status).toBe('succeeded');
    expect(countGrants()).toBe(before + 2);
  });

  it('fails the step with the token endpoint’s reason when the client is refused', async () => {
    const id = await createCredential('core.oauth2ClientCredentials', { clientId: provider.clientId, clientSecret: 'wrong', tokenUrl: `${provider.url}/token` });
    await weft.api('/api/flows/import', { body: resourceFlow('oauth-refused', id) });
    const run = await runFlow('oauth-refused');
    expect(run.body).toMatchObject({ status: 'failed', error: { nodeId: 'call', code: 'oauth2_token_error', message: expect.stringContaining('invalid_client') } });
  });
});
