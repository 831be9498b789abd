import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';
import { packPackageJson, writeInstalledPacks } from './pack-fixtures.ts';

// A third-party pack in plain JavaScript: greet is at v2 and migrates flows saved at v1 ({ text }
// became { greeting, name }); strict is at v3 and migrates only from v2.
const legacyPack = `import { defineNode, definePack } from '@weft/nodes/sdk';
import { z } from 'zod';
export const pack = definePack({
  id: 'legacy',
  displayName: 'Legacy',
  nodes: [
    defineNode({
      type: 'legacy.greet', typeVersion: 2, displayName: 'Greet', description: 'Greets.', category: 'Test',
      params: z.strictObject({ greeting: z.string(), name: z.string() }),
      migrations: [{ fromVersion: 1, up: ({ text, ...rest }) => ({ ...rest, greeting: text, name: '=$.name' }) }],
      run: async ({ params }) => ({ output: { message: params.greeting + ', ' + params.name } }),
    }),
    defineNode({
      type: 'legacy.strict', typeVersion: 3, displayName: 'Strict', description: 'Outputs nothing.', category: 'Test',
      params: z.strictObject({}),
      migrations: [{ fromVersion: 2, up: (params) => params }],
      run: async () => ({ output: null }),
    }),
  ],
});
`;

const packsDir = mkdtempSync(join(tmpdir(), 'weft-pack-migrations-'));
let weft: TestWeft;

beforeAll(async () => {
  writeInstalledPacks(packsDir, [{ name: 'weft-pack-legacy', packageJson: packPackageJson('weft-pack-legacy'), indexJs: legacyPack }]);
  weft = await startTestWeft({ WEFT_PACKS_DIR: packsDir });
});

afterAll(async () => {
  await weft?.stop();
  rmSync(packsDir, { recursive: true, force: true });
});

async function json(response: Response): Promise<unknown> {
  return response.json();
}

function flowWith(id: string, node: Record<string, unknown>) {
  return {
    formatVersion: 1,
    id,
    name: id,
    nodes: [{ id: 'start', type: 'core.manual', typeVersion: 1, params: {} }, { id: 'step', ...node }],
    edges: [{ from: { node: 'start', port: 'out' }, to: { node: 'step', port: 'in' } }],
  };
}

describe('a pack whose node moved on to a new version', () => {
  it('lists the current version in the catalog, marked latest, with the versions it migrates from', async () => {
    const catalog = await json(await weft.api('/api/nodes'));

    expect(catalog).toMatchObject({
      nodes: expect.arrayContaining([
        expect.objectContaining({ type: 'legacy.greet', typeVersion: 2, latest: true, migratesFrom: [1] }),
        expect.objectContaining({ type: 'core.http', migratesFrom: [] }),
      ]),
    });
  });

  it('imports, publishes and runs a flow saved at v1 with its params carried forward, keeping the document as saved', async () => {
    const imported = await weft.api('/api/flows/import', { body: flowWith('greet-v1', { type: 'legacy.greet', typeVersion: 1, params: { text: 'Hello' } }) });
    expect(imported.status).toBe(201);
    expect(await json(imported)).toMatchObject({ problems: [] });
    expect((await weft.api('/api/flows/greet-v1/publish', { method: 'POST' })).status).toBe(200);

    const execution = await json(await weft.api('/api/flows/greet-v1/run', { body: { version: 'published', payload: { name: 'Ada' } } }));

    expect(execution).toMatchObject({ status: 'succeeded', steps: expect.arrayContaining([expect.objectContaining({ nodeId: 'step', output: { message: 'Hello, Ada' } })]) });
    const exported = await json(await weft.api('/api/flows/greet-v1/export'));
    expect(exported).toMatchObject({ nodes: [{ id: 'start' }, { id: 'step', typeVersion: 1, params: { text: 'Hello' } }] });
  });

  it('reports a flow at a version no migration reaches, with a stable code and path', async () => {
    const imported = await json(await weft.api('/api/flows/import', { body: flowWith('strict-v1', { type: 'legacy.strict', typeVersion: 1 }) }));

    expect(imported).toMatchObject({
      problems: [{ code: 'unknown_type_version', path: 'nodes[1].typeVersion', nodeId: 'step', message: expect.stringContaining('no installed version migrates from it') }],
    });
  });
});
