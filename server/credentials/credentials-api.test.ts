import { randomBytes } from 'node:crypto';
import { startLoopbackServer, type LoopbackServer } from '@weft/nodes/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';

let weft: TestWeft;
let echo: LoopbackServer;
beforeAll(async () => {
  weft = await startTestWeft({ WEFT_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
  // Answers with every header it received, the Authorization header included: the worst case for leaks.
  echo = await startLoopbackServer((request) => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ received: request.headers, path: request.path }),
  }));
});
afterAll(async () => {
  await echo?.close();
  await weft?.stop();
});

async function json(response: Response): Promise<unknown> {
  return response.json();
}

const withId = z.object({ id: z.string() });
const typeList = z.object({ items: z.array(z.object({ id: z.string(), fieldsSchema: z.object({ properties: z.record(z.string(), z.record(z.string(), z.unknown())) }) })) });
const errorIssues = z.object({ error: z.object({ details: z.object({ issues: z.array(z.object({ path: z.string() })) }) }) });
const executionView = z.object({
  id: z.string(),
  status: z.string(),
  steps: z.array(z.object({ nodeId: z.string(), output: z.json() })),
});

async function create(body: unknown) {
  const response = await weft.api('/api/credentials', { body });
  return { status: response.status, body: await json(response) };
}

describe('GET /api/credential-types', () => {
  it('lists the core types with their fields as JSON Schema, secret fields writeOnly', async () => {
    const body = await json(await weft.api('/api/credential-types'));
    expect(body).toMatchObject({
      items: expect.arrayContaining([
        expect.objectContaining({ id: 'core.apiKey', secretFields: ['key'] }),
        expect.objectContaining({ id: 'core.bearer' }),
        expect.objectContaining({ id: 'core.basic' }),
        expect.objectContaining({ id: 'core.hmacSecret' }),
        expect.objectContaining({ id: 'core.oauth2AuthorizationCode' }),
        expect.objectContaining({ id: 'core.oauth2ClientCredentials' }),
      ]),
    });
    const basic = typeList.parse(body).items.find((item) => item.id === 'core.basic');
    expect(basic?.fieldsSchema.properties.password).toMatchObject({ type: 'string', writeOnly: true });
    expect(basic?.fieldsSchema.properties.username).not.toHaveProperty('writeOnly');
  });
});

describe('/api/credentials', () => {
  it('creates, reads, lists, updates and deletes a credential without ever showing the secret', async () => {
    const secret = `key-${randomBytes(8).toString('hex')}`;
    const created = await create({ type: 'core.apiKey', name: 'Shop API', values: { headerName: 'X-Shop-Key', key: secret } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^cred_/),
      type: 'core.apiKey',
      name: 'Shop API',
      fields: { headerName: { set: true, value: 'X-Shop-Key' }, key: { set: true } },
      rateLimit: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const { id } = withId.parse(created.body);

    const read = await weft.api(`/api/credentials/${id}`);
    expect(await json(read)).toMatchObject({ id, name: 'Shop API', fields: { key: { set: true } } });
    const list = await weft.api('/api/credentials');
    expect(await list.text()).not.toContain(secret);

    // PUT merges: the secret left out keeps its value, the header name changes.
    const updated = await weft.api(`/api/credentials/${id}`, { method: 'PUT', body: { name: 'Shop', values: { headerName: 'X-Key' } } });
    expect(updated.status).toBe(200);
    expect(await json(updated)).toMatchObject({ name: 'Shop', fields: { headerName: { set: true, value: 'X-Key' }, key: { set: true } } });

    expect((await weft.api(`/api/credentials/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await weft.api(`/api/credentials/${id}`)).status).toBe(404);
  });

  it.each([
    { name: 'an unknown type', body: { type: 'core.nope', name: 'x', values: {} }, status: 422, code: 'unknown_credential_type', path: undefined },
    { name: 'a missing secret', body: { type: 'core.bearer', name: 'x', values: {} }, status: 422, code: 'invalid_credential_values', path: 'values.token' },
    { name: 'a value of the wrong type', body: { type: 'core.basic', name: 'x', values: { username: 'u', password: 5 } }, status: 422, code: 'invalid_credential_values', path: 'values.password' },
    { name: 'an unknown field', body: { type: 'core.bearer', name: 'x', values: { token: 't', extra: 1 } }, status: 422, code: 'invalid_credential_values', path: 'values' },
    { name: 'a bad OAuth2 URL', body: { type: 'core.oauth2ClientCredentials', name: 'x', values: { clientId: 'a', clientSecret: 'b', tokenUrl: 'ftp://x' } }, status: 422, code: 'invalid_credential_values', path: 'values.tokenUrl' },
    { name: 'no name', body: { type: 'core.bearer', values: { token: 't' } }, status: 400, code: 'invalid_request', path: undefined },
  ])('refuses $name', async ({ body, status, code, path }) => {
    const answer = await create(body);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ error: { code, message: expect.any(String) } });
    if (path !== undefined) expect(errorIssues.parse(answer.body).error.details.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  it('answers 404 for an unknown credential on read, update and delete', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await weft.api('/api/credentials/cred_missing', { method, ...(method === 'PUT' ? { body: { values: {} } } : {}) });
      expect(response.status).toBe(404);
      expect(await json(response)).toMatchObject({ error: { code: 'credential_not_found' } });
    }
  });

  it('refuses a PUT whose merged values no longer fit the type', async () => {
    const created = await create({ type: 'core.basic', name: 'b', values: { username: 'u', password: 'p' } });
    const response = await weft.api(`/api/credentials/${withId.parse(created.body).id}`, { method: 'PUT', body: { values: { username: 'a:b' } } });
    expect(response.status).toBe(422);
    expect(await json(response)).toMatchObject({ error: { code: 'invalid_credential_values', details: { issues: [{ path: 'values.username' }] } } });
  });
});

describe('rate limits on credentials', () => {
  it('sets, shows, keeps, changes and removes a credential’s rate limit', async () => {
    const created = await create({ type: 'core.bearer', name: 'Shopify store', values: { token: 't' }, rateLimit: { requests: 100, perSeconds: 60 } });
    expect(created).toMatchObject({ status: 201, body: { rateLimit: { requests: 100, perSeconds: 60 } } });
    const { id } = withId.parse(created.body);
    expect(await json(await weft.api(`/api/credentials/${id}`))).toMatchObject({ rateLimit: { requests: 100, perSeconds: 60 } });
    const listed = z.object({ items: z.array(z.object({ id: z.string(), rateLimit: z.unknown() })) }).parse(await json(await weft.api('/api/credentials')));
    expect(listed.items.find((item) => item.id === id)?.rateLimit).toEqual({ requests: 100, perSeconds: 60 });

    const put = (body: unknown) => weft.api(`/api/credentials/${id}`, { method: 'PUT', body });
    expect(await json(await put({ name: 'Renamed' }))).toMatchObject({ name: 'Renamed', rateLimit: { requests: 100, perSeconds: 60 } });
    expect(await json(await put({ rateLimit: { requests: 2, perSeconds: 1 } }))).toMatchObject({ rateLimit: { requests: 2, perSeconds: 1 } });
    expect(await json(await put({ rateLimit: null }))).toMatchObject({ rateLimit: null });
    expect(await json(await weft.api(`/api/credentials/${id}`))).toMatchObject({ name: 'Renamed', rateLimit: null });
  });

  it.each([
    { name: 'zero requests', rateLimit: { requests: 0, perSeconds: 60 }, path: '/rateLimit/requests' },
    { name: 'a fraction of a request', rateLimit: { requests: 1.5, perSeconds: 60 }, path: '/rateLimit/requests' },
    { name: 'requests as text', rateLimit: { requests: '100', perSeconds: 60 }, path: '/rateLimit/requests' },
    { name: 'more requests than a window can track', rateLimit: { requests: 10_001, perSeconds: 60 }, path: '/rateLimit/requests' },
    { name: 'a window of zero seconds', rateLimit: { requests: 1, perSeconds: 0 }, path: '/rateLimit/perSeconds' },
    { name: 'a window longer than a day', rateLimit: { requests: 1, perSeconds: 86_401 }, path: '/rateLimit/perSeconds' },
    { name: 'no window', rateLimit: { requests: 1 }, path: '/rateLimit/perSeconds' },
    { name: 'an unknown key', rateLimit: { requests: 1, perSeconds: 1, burst: 5 }, path: '/rateLimit' },
    { name: 'a number instead of a limit', rateLimit: 100, path: '/rateLimit' },
  ])('refuses $name, on create and on update, with the path of the bad value', async ({ rateLimit, path }) => {
    const existing = withId.parse((await create({ type: 'core.bearer', name: 'x', values: { token: 't' } })).body);
    const answers = [
      await weft.api('/api/credentials', { body: { type: 'core.bearer', name: 'x', values: { token: 't' }, rateLimit } }),
      await weft.api(`/api/credentials/${existing.id}`, { method: 'PUT', body: { rateLimit } }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      const body = await json(answer);
      expect(body).toMatchObject({ error: { code: 'invalid_request', message: expect.any(String) } });
      expect(errorIssues.parse(body).error.details.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    }
    expect(await json(await weft.api(`/api/credentials/${existing.id}`))).toMatchObject({ rateLimit: null });
  });
});

const httpFlow = (id: string, credentialId: string, url: string) => ({
  formatVersion: 1,
  id,
  name: 'Calls with a credential',
  nodes: [
    { id: 'start', type: 'core.manual', typeVersion: 1, params: {} },
    { id: 'call', type: 'core.http', typeVersion: 1, params: { method: 'POST', url, body: { hello: 'world' } }, credentials: { auth: credentialId } },
    { id: 'after', type: 'core.map', typeVersion: 1, params: { output: { seen: '=$nodes.call.body.received.authorization' } } },
  ],
  edges: [
    { from: { node: 'start', port: 'out' }, to: { node: 'call', port: 'in' } },
    { from: { node: 'call', port: 'out' }, to: { node: 'after', port: 'in' } },
  ],
});

describe('secrets stay out of every answer', () => {
  it.each([
    { type: 'core.bearer', values: (secret: string) => ({ token: secret }), header: (secret: string) => `Bearer ${secret}` },
    {
      type: 'core.basic',
      values: (secret: string) => ({ username: 'ada', password: secret }),
      header: (secret: string) => `Basic ${Buffer.from(`ada:${secret}`).toString('base64')}`,
    },
    { type: 'core.apiKey', values: (secret: string) => ({ headerName: 'Authorization', key: secret }), header: (secret: string) => secret },
  ])('a flow calling with a $type credential sends it, and it appears in no credential, export or execution', async ({ type, values, header }) => {
    const secret = `s3cr3t-${randomBytes(12).toString('hex')}`;
    const credential = withId.parse((await create({ type, name: `echo ${type}`, values: values(secret) })).body);
    const flowId = `echo-${type.replace('.', '-')}`;
    expect((await weft.api('/api/flows/import', { body: httpFlow(flowId, credential.id, `${echo.url}/echo`) })).status).toBe(201);

    const run = await weft.api(`/api/flows/${flowId}/run`, { body: { payload: {} } });
    const execution = executionView.parse(await json(run));
    expect(execution.status).toBe('succeeded');
    expect(echo.requests.at(-1)?.headers.authorization).toBe(header(secret));

    const answers = await Promise.all([
      weft.api('/api/credentials'),
      weft.api(`/api/credentials/${credential.id}`),
      weft.api(`/api/flows/${flowId}/export`),
      weft.api(`/api/executions/${execution.id}`),
      weft.api(`/api/executions?flowId=${flowId}`),
    ]);
    const texts = await Promise.all(answers.map((answer) => answer.text()));
    for (const text of texts) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(header(secret));
    }
    // The export names the credential by id only, and the echoed header is stored redacted.
    expect(texts[2]).toContain(credential.id);
    const call = execution.steps.find((step) => step.nodeId === 'call');
    expect(call?.output).toMatchObject({ body: { received: { authorization: expect.stringContaining('[redacted]') } } });
  });

  it('fails the step with a clear error when the credential is missing or of a type the slot refuses', async () => {
    const hmac = withId.parse((await create({ type: 'core.hmacSecret', name: 'h', values: { secret: 'abcdefgh' } })).body);
    for (const [flowId, credentialId, code] of [
      ['missing-cred', 'cred_gone', 'credential_not_found'],
      ['wrong-cred', hmac.id, 'credential_type_mismatch'],
    ]) {
      await weft.api('/api/flows/import', { body: httpFlow(String(flowId), String(credentialId), `${echo.url}/x`) });
      const execution = await json(await weft.api(`/api/flows/${flowId}/run`, { body: { payload: {} } }));
      expect(execution).toMatchObject({ status: 'failed', error: { nodeId: 'call', code } });
    }
  });

  it('reports a credential slot the node does not have as a problem of the flow', async () => {
    const document = httpFlow('bad-slot', 'cred_x', `${echo.url}/x`);
    const nodes = document.nodes.map((node) => (node.id === 'after' ? { ...node, credentials: { auth: 'cred_x' } } : node));
    const body = await json(await weft.api('/api/flows/import', { body: { ...document, nodes } }));
    expect(z.object({ problems: z.array(z.unknown()) }).parse(body).problems).toEqual([expect.objectContaining({ code: 'invalid_credentials', path: 'nodes[2].credentials.auth', nodeId: 'after' })]);
  });
});
