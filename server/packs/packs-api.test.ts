import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';
import { nodePackSource, packPackageJson, writeInstalledPacks } from './pack-fixtures.ts';

const packsDir = mkdtempSync(join(tmpdir(), 'weft-packs-api-'));
let weft: TestWeft;

beforeAll(async () => {
  writeInstalledPacks(packsDir, [
    { name: 'weft-pack-acme', packageJson: packPackageJson('weft-pack-acme'), indexJs: nodePackSource('acme') },
    { name: 'weft-pack-broken', packageJson: packPackageJson('weft-pack-broken'), indexJs: 'throw new Error("boom while importing");' },
    { name: 'weft-pack-future', packageJson: packPackageJson('weft-pack-future', { sdk: 99, pack: './index.js' }), indexJs: nodePackSource('future') },
    { name: 'weft-pack-core-clash', packageJson: packPackageJson('weft-pack-core-clash'), indexJs: nodePackSource('core', { nodeName: 'filter' }) },
  ]);
  weft = await startTestWeft({ WEFT_PACKS_DIR: packsDir });
});

afterAll(async () => {
  await weft?.stop();
  rmSync(packsDir, { recursive: true, force: true });
});

async function json(response: Response): Promise<unknown> {
  return response.json();
}

describe('node packs in a running Weft', () => {
  it('lists every installed pack, the failed ones with their reasons', async () => {
    expect(await json(await weft.api('/api/packs'))).toEqual({
      packs: [
        { name: 'weft-pack-acme', version: '1.0.0', status: 'loaded', packId: 'acme', nodes: [{ type: 'acme.echo', typeVersion: 1 }] },
        {
          name: 'weft-pack-broken',
          version: '1.0.0',
          status: 'failed',
          packId: null,
          nodes: [],
          error: { code: 'import_failed', message: expect.stringContaining('boom while importing') },
        },
        {
          name: 'weft-pack-core-clash',
          version: '1.0.0',
          status: 'failed',
          packId: null,
          nodes: [],
          error: { code: 'clash', message: expect.stringContaining('node type core.filter (by built-in pack core)') },
        },
        {
          name: 'weft-pack-future',
          version: '1.0.0',
          status: 'failed',
          packId: null,
          nodes: [],
          error: { code: 'incompatible_sdk', message: 'written for node SDK 99; this Weft provides SDK 1' },
        },
      ],
    });
  });

  it('puts the loaded pack’s node in the catalog next to the built-ins, and nothing of the failed ones', async () => {
    const catalog = await json(await weft.api('/api/nodes'));
    expect(catalog).toMatchObject({ nodes: expect.arrayContaining([expect.objectContaining({ type: 'acme.echo', typeVersion: 1, paramsSchema: expect.objectContaining({ type: 'object' }) })]) });
    expect(JSON.stringify(catalog)).not.toContain('future.echo');
  });

  it('runs the pack’s node in a flow through the API', async () => {
    const flow = {
      formatVersion: 1,
      id: 'acme-echo',
      name: 'Acme echo',
      nodes: [
        { id: 'start', type: 'core.manual', typeVersion: 1, params: {} },
        { id: 'echo', type: 'acme.echo', typeVersion: 1, params: { note: '=$.order.id' } },
      ],
      edges: [{ from: { node: 'start', port: 'out' }, to: { node: 'echo', port: 'in' } }],
    };
    expect((await weft.api('/api/flows/import', { body: flow })).status).toBe(201);

    const execution = await json(await weft.api('/api/flows/acme-echo/run', { body: { payload: { order: { id: 'A-7' } } } }));

    expect(execution).toMatchObject({
      status: 'succeeded',
      steps: expect.arrayContaining([expect.objectContaining({ nodeId: 'echo', status: 'succeeded', output: { from: 'acme', note: 'A-7', input: { order: { id: 'A-7' } } } })]),
    });
  });
});
