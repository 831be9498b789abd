import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestWeft, type TestWeft } from '../testing/test-weft.ts';

// Two Weft processes on one database: `editor` is where the flow is published, `ingress` keeps
// the live version in memory and must hear of every change to it.
let editor: TestWeft;
let ingress: TestWeft;
let sql: pg.Client;

const flow = {
  formatVersion: 1,
  id: 'kept-live',
  name: 'kept live',
  nodes: [{ id: 'hook', type: 'core.webhook', typeVersion: 1, params: {} }],
  edges: [],
};

const hook = (weft: TestWeft) => fetch(`${weft.url}/hooks/kept-live`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

async function versionRunBy(weft: TestWeft): Promise<number | 'not found'> {
  const response = await hook(weft);
  if (response.status === 404) return 'not found';
  expect(response.status).toBe(202);
  const { executionId } = await response.json();
  return (await weft.executionWhen(executionId)).flowVersion;
}

async function publish(weft: TestWeft): Promise<number> {
  const response = await weft.api('/api/flows/kept-live/publish', { method: 'POST' });
  expect(response.status).toBe(200);
  return (await response.json()).publishedVersion;
}

beforeAll(async () => {
  editor = await startTestWeft();
  ingress = await startTestWeft({}, editor);
  sql = new pg.Client({ connectionString: editor.databaseUrl });
  await sql.connect();
  expect((await editor.api('/api/flows/import', { body: flow })).status).toBe(201);
});
afterAll(async () => {
  await sql?.end();
  await ingress?.weft.close();
  await editor?.stop();
});

describe('the live version kept in memory by webhook ingress', () => {
  it('follows publishes made in another process', async () => {
    expect(await publish(editor)).toBe(1);
    expect(await versionRunBy(ingress)).toBe(1);
    expect(await publish(editor)).toBe(2);
    await eventually('the ingress process to run version 2', async () => ((await versionRunBy(ingress)) === 2 ? true : undefined));
  });

  it('runs the new version on the very next webhook after a publish answered by the same process', async () => {
    const version = await publish(ingress);
    expect(await versionRunBy(ingress)).toBe(version);
  });

  it('hears a change made directly in the database, and stops answering once the flow is unpublished', async () => {
    expect(typeof (await versionRunBy(ingress))).toBe('number');
    await sql.query('UPDATE weft_flows SET published_version = 1 WHERE id = $1', ['kept-live']);
    await eventually('the ingress process to run version 1 again', async () => ((await versionRunBy(ingress)) === 1 ? true : undefined));
    expect((await editor.api('/api/flows/kept-live/unpublish', { method: 'POST' })).status).toBe(200);
    await eventually('the ingress process to answer 404', async () => ((await versionRunBy(ingress)) === 'not found' ? true : undefined));
  });

  it('forgets a deleted flow', async () => {
    await publish(editor);
    expect(typeof (await versionRunBy(ingress))).toBe('number');
    expect((await editor.api('/api/flows/kept-live', { method: 'DELETE' })).status).toBe(204);
    await eventually('the ingress process to answer 404', async () => ((await versionRunBy(ingress)) === 'not found' ? true : undefined));
  });
});
