import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../../testing/test-weft.ts';

let weft: TestWeft;
beforeAll(async () => {
  weft = await startTestWeft();
});
afterAll(async () => weft?.stop());

const greeter = (id: string) => ({
  formatVersion: 1,
  id,
  name: 'Greeter',
  nodes: [
    { id: 'start', type: 'core.manual', typeVersion: 1, params: {} },
    { id: 'greet', type: 'core.map', typeVersion: 1, params: { output: { greeting: '="Hello, " & $.name', from: '=$execution.flowId' } } },
  ],
  edges: [{ from: { node: 'start', port: 'out' }, to: { node: 'greet', port: 'in' } }],
});

async function json(response: Response): Promise<Record<string, unknown>> {
  const body: unknown = await response.json();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('expected a JSON object');
  return Object.fromEntries(Object.entries(body));
}

describe('flows API', () => {
  it('creates, reads, lists and deletes a flow', async () => {
    const created = await weft.api('/api/flows', { body: greeter('crud') });
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({ id: 'crud', draftRevision: 1, publishedVersion: null, problems: [] });
    expect(await json(await weft.api('/api/flows/crud'))).toMatchObject({ id: 'crud', name: 'Greeter' });
    const list = await json(await weft.api('/api/flows'));
    expect(list.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'crud', lastExecution: null })]));
    expect((await weft.api('/api/flows/crud', { method: 'DELETE' })).status).toBe(204);
    expect((await weft.api('/api/flows/crud')).status).toBe(404);
  });

  it('creates an empty draft from just a name, and reports what it lacks', async () => {
    const created = await json(await weft.api('/api/flows', { body: { name: 'Blank' } }));
    expect(created.id).toMatch(/^flow-[0-9a-f]{10}$/);
    expect(created.problems).toEqual([expect.objectContaining({ code: 'missing_trigger', path: 'nodes' })]);
  });

  it('refuses a save based on a stale revision with 409 instead of overwriting', async () => {
    await weft.api('/api/flows', { body: greeter('conflict') });
    const first = await weft.api('/api/flows/conflict', { method: 'PUT', body: { document: { ...greeter('conflict'), name: 'Mine' }, baseRevision: 1 } });
    expect(await json(first)).toMatchObject({ draftRevision: 2, name: 'Mine' });
    const stale = await weft.api('/api/flows/conflict', { method: 'PUT', body: { document: { ...greeter('conflict'), name: 'Theirs' }, baseRevision: 1 } });
    expect(stale.status).toBe(409);
    expect(await json(stale)).toEqual({
      error: { code: 'revision_conflict', message: expect.stringContaining('revision 2'), details: { currentRevision: 2, baseRevision: 1 } },
    });
    expect(await json(await weft.api('/api/flows/conflict'))).toMatchObject({ name: 'Mine' });
  });

  it('answers 422 listing every problem of a malformed document, with paths', async () => {
    const broken = { ...greeter('broken'), nodes: [{ id: '1bad', type: 'core.map', typeVersion: 1, params: {}, colour: 'red' }] };
    const response = await weft.api('/api/flows/import', { body: broken });
    expect(response.status).toBe(422);
    const body = await json(response);
    expect(body.error).toMatchObject({ code: 'invalid_flow' });
    expect(JSON.stringify(body)).toContain('nodes[0].id');
    expect(JSON.stringify(body)).toContain('nodes[0].colour');
  });

  it('refuses to publish a draft with problems (422) and publishes a sound one', async () => {
    await weft.api('/api/flows', { body: { ...greeter('cyclic'), edges: [...greeter('cyclic').edges, { from: { node: 'greet', port: 'out' }, to: { node: 'greet', port: 'in' } }] } });
    const refused = await weft.api('/api/flows/cyclic/publish', { method: 'POST' });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(await json(refused))).toContain('"code":"cycle"');
    await weft.api('/api/flows', { body: greeter('sound') });
    const published = await weft.api('/api/flows/sound/publish', { method: 'POST' });
    expect(await json(published)).toEqual({ id: 'sound', publishedVersion: 1, draftRevision: 1, schedules: [] });
    const version = await json(await weft.api('/api/flows/sound/versions/1'));
    expect(version).toMatchObject({ version: 1, document: { id: 'sound' } });
  });

  it('exports byte-stable JSON that imports back to the same export', async () => {
    const messy = { edges: greeter('roundtrip').edges, nodes: greeter('roundtrip').nodes, name: 'Greeter', id: 'roundtrip', formatVersion: 1 };
    await weft.api('/api/flows/import', { body: messy });
    const exported = await (await weft.api('/api/flows/roundtrip/export')).text();
    await weft.api('/api/flows/roundtrip', { method: 'DELETE' });
    await weft.api('/api/flows/import', { body: JSON.parse(exported) });
    const again = await (await weft.api('/api/flows/roundtrip/export')).text();
    expect(again).toBe(exported);
    expect(exported.indexOf('"formatVersion"')).toBeLessThan(exported.indexOf('"id"'));
  });

  it('refuses to import over an existing flow', async () => {
    await weft.api('/api/flows', { body: greeter('taken') });
    const response = await weft.api('/api/flows/import', { body: greeter('taken') });
    expect(response.status).toBe(409);
    expect(await json(response)).toMatchObject({ error: { code: 'flow_exists' } });
  });

  it('runs a draft by hand and shows each step', async () => {
    await weft.api('/api/flows', { body: greeter('manual') });
    const run = await weft.api('/api/flows/manual/run', { body: { payload: { name: 'Ada' } } });
    expect(run.status).toBe(200);
    const execution = await json(run);
    expect(execution).toMatchObject({ status: 'succeeded', mode: 'manual', flowVersion: null, payload: { name: 'Ada' } });
    expect(execution.steps).toEqual([
      expect.objectContaining({ nodeId: 'start', status: 'succeeded', output: { name: 'Ada' } }),
      expect.objectContaining({ nodeId: 'greet', status: 'succeeded', input: { name: 'Ada' }, output: { greeting: 'Hello, Ada', from: 'manual' } }),
    ]);
  });

  it.each([
    ['malformed JSON', '{"name":', 'invalid_json'],
    ['a __proto__ key', '{"name":"x","__proto__":{"admin":true}}', 'forbidden_key'],
    ['a constructor.prototype key', '{"name":"x","constructor":{"prototype":{"admin":true}}}', 'forbidden_key'],
  ])('answers 400 to %s', async (_case, body, code) => {
    const response = await fetch(`${weft.url}/api/flows`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-token-0123456789abcdef', 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ error: { code, message: expect.any(String) } });
  });

  it('accepts a body-less POST that still says it is JSON', async () => {
    await weft.api('/api/flows', { body: greeter('bodyless') });
    const response = await fetch(`${weft.url}/api/flows/bodyless/publish`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-token-0123456789abcdef', 'content-type': 'application/json' },
    });
    expect(response.status).toBe(200);
  });

  it('requires a token on the management API, but not for health', async () => {
    expect((await fetch(`${weft.url}/api/health`)).status).toBe(200);
    const missing = await fetch(`${weft.url}/api/flows`);
    expect(missing.status).toBe(401);
    expect(await json(missing)).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    const wrong = await fetch(`${weft.url}/api/flows`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
  });

  it('lists the node catalog with params JSON Schema and ports', async () => {
    const catalog = await json(await weft.api('/api/nodes'));
    expect(catalog.nodes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'core.filter', typeVersion: 1, latest: true, outputs: ['true', 'false'], paramsSchema: expect.objectContaining({ type: 'object' }) }),
        expect.objectContaining({ type: 'core.http', credentials: { auth: expect.objectContaining({ optional: true, types: expect.arrayContaining(['core.bearer']) }) } }),
      ]),
    );
  });
});
