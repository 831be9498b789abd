import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { eventually, startTestWeft, type TestWeft } from '../testing/test-weft.ts';
import { runNpm } from './npm-cli.ts';
import { packCommand } from './pack-command.ts';
import { nodePackSource, packPackageJson } from './pack-fixtures.ts';

const root = mkdtempSync(join(tmpdir(), 'weft-live-packs-'));
// Not even created: Weft starts with no packs at all.
const packsDir = join(root, 'packs');
const packDir = join(root, 'weft-pack-greeter');
let weft: TestWeft;

beforeAll(async () => {
  weft = await startTestWeft({ WEFT_PACKS_DIR: packsDir });
});

afterAll(async () => {
  await weft?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Runs `weft pack …` as the CLI does, in this process, against the running Weft's packs directory. */
async function weftPack(...args: string[]): Promise<void> {
  const lines: string[] = [];
  const code = await packCommand(args, { WEFT_PACKS_DIR: packsDir }, { stdout: (line) => lines.push(line), stderr: (line) => lines.push(line) });
  expect(code, lines.join('\n')).toBe(0);
}

const catalogSchema = z.object({ nodes: z.array(z.object({ type: z.string(), typeVersion: z.int() })) });
const packsSchema = z.object({ packs: z.array(z.looseObject({ name: z.string(), version: z.string().nullable(), status: z.string() })) });

async function catalogTypes(): Promise<string[]> {
  return catalogSchema.parse(await (await weft.api('/api/nodes')).json()).nodes.map((node) => node.type);
}

async function packs() {
  return packsSchema.parse(await (await weft.api('/api/packs')).json()).packs;
}

async function runPublished(): Promise<unknown> {
  return (await weft.api('/api/flows/greeter-greet/run', { body: { payload: { name: 'Ada' }, version: 'published' } })).json();
}

describe('node packs installed and removed while Weft runs', () => {
  it('starts with an empty packs directory', async () => {
    expect(await packs()).toEqual([]);
    expect(await catalogTypes()).toContain('core.manual');
  });

  it('loads a pack made with `weft pack new`, packed with `npm pack` and installed with `weft pack install`, and runs it in a flow', async () => {
    await weftPack('new', '@acme/weft-pack-greeter', '--dir', root);
    const tarball = join(root, (await runNpm(['pack', '--pack-destination', root], { cwd: packDir })).trim().split('\n').at(-1) ?? '');

    await weftPack('install', tarball);

    await eventually('the catalog to list greeter.greet', async () => ((await catalogTypes()).includes('greeter.greet') ? true : undefined));
    expect(await packs()).toEqual([{ name: '@acme/weft-pack-greeter', version: '0.1.0', status: 'loaded', packId: 'greeter', nodes: [{ type: 'greeter.greet', typeVersion: 1 }] }]);
    const example: unknown = JSON.parse(readFileSync(join(packDir, 'examples', 'greet.flow.json'), 'utf8'));
    expect((await weft.api('/api/flows/import', { body: example })).status).toBe(201);
    expect((await weft.api('/api/flows/greeter-greet/publish', { body: {} })).status).toBe(200);

    expect(await runPublished()).toMatchObject({
      status: 'succeeded',
      steps: expect.arrayContaining([expect.objectContaining({ nodeId: 'greet', output: { message: 'Hello, Ada!' } })]),
    });
  }, 60_000);

  it('runs an upgraded version in place of the old one, in the flow already published', async () => {
    const manifestPath = join(packDir, 'package.json');
    writeFileSync(manifestPath, readFileSync(manifestPath, 'utf8').replace('"version": "0.1.0"', '"version": "0.2.0"'));
    writeFileSync(join(packDir, 'index.js'), readFileSync(join(packDir, 'index.js'), 'utf8').replace("default('Hello')", "default('Howdy')"));

    await weftPack('install', packDir);

    await eventually('version 0.2.0 to be loaded', async () => ((await packs()).some((pack) => pack.version === '0.2.0') ? true : undefined));
    expect(await runPublished()).toMatchObject({ status: 'succeeded', steps: expect.arrayContaining([expect.objectContaining({ nodeId: 'greet', output: { message: 'Howdy, Ada!' } })]) });
  }, 60_000);

  it('drops a removed pack: the catalog forgets its node, and its published flow fails saying which node lacks its pack', async () => {
    await weftPack('remove', '@acme/weft-pack-greeter');

    await eventually('the catalog to forget greeter.greet', async () => ((await catalogTypes()).includes('greeter.greet') ? undefined : true));
    expect(await packs()).toEqual([]);
    expect(await runPublished()).toMatchObject({
      status: 'failed',
      error: { nodeId: 'greet', code: 'unknown_node_type', message: expect.stringContaining('no installed pack provides the node type "greeter.greet"') },
    });
    const draftRun = await weft.api('/api/flows/greeter-greet/run', { body: { payload: { name: 'Ada' } } });
    expect(draftRun.status).toBe(422);
    expect(await draftRun.json()).toMatchObject({ error: { code: 'invalid_flow', details: { problems: [expect.objectContaining({ code: 'unknown_node_type', nodeId: 'greet' })] } } });
  }, 60_000);

  it('reports a pack that fails to load, keeps serving, and loads the good pack installed with it, credential type included', async () => {
    // npm run by hand: `weft pack install` would have refused the broken pack.
    const broken = join(root, 'weft-pack-broken');
    const keyed = join(root, 'weft-pack-keyed');
    for (const [directory, indexJs] of [
      [broken, 'throw new Error("boom: no config file");'],
      [keyed, nodePackSource('keyed', { credentialId: 'keyed.key' })],
    ] as const) {
      mkdirSync(directory);
      writeFileSync(join(directory, 'package.json'), JSON.stringify(packPackageJson(directory.slice(root.length + 1))));
      writeFileSync(join(directory, 'index.js'), indexJs);
    }

    await runNpm(['install', '--prefix', packsDir, broken, keyed]);

    const statuses = await eventually('both packs to be reported', async () => {
      const installed = await packs();
      return installed.length === 2 ? installed : undefined;
    });
    expect(statuses).toEqual([
      { name: 'weft-pack-broken', version: '1.0.0', status: 'failed', packId: null, nodes: [], error: { code: 'import_failed', message: expect.stringContaining('boom: no config file') } },
      { name: 'weft-pack-keyed', version: '1.0.0', status: 'loaded', packId: 'keyed', nodes: [{ type: 'keyed.echo', typeVersion: 1 }] },
    ]);
    expect(await catalogTypes()).toEqual(expect.arrayContaining(['core.manual', 'keyed.echo']));
    const credentialTypes: unknown = await (await weft.api('/api/credential-types')).json();
    expect(credentialTypes).toMatchObject({ items: expect.arrayContaining([expect.objectContaining({ id: 'keyed.key' })]) });
  }, 60_000);
});
