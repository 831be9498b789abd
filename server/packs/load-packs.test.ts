import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@weft/engine';
import { builtinPacks } from '@weft/nodes';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPacks } from './load-packs.ts';
import { nodePackSource, type PackFixture, packPackageJson, writeInstalledPacks } from './pack-fixtures.ts';
import { packDirOf } from './packs-dir.ts';

const root = mkdtempSync(join(tmpdir(), 'weft-load-packs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const good: PackFixture = { name: 'weft-pack-good', packageJson: packPackageJson('weft-pack-good'), indexJs: nodePackSource('good', { credentialId: 'good.key' }) };

describe('loadPacks', () => {
  it('loads nothing from a packs directory that does not exist yet', async () => {
    expect(await loadPacks({ packsDir: join(root, 'absent'), builtins: builtinPacks, logger: silentLogger })).toEqual({ packs: [], statuses: [] });
  });

  it('loads a good pack with its nodes and credential types', async () => {
    const packsDir = join(root, 'good');
    writeInstalledPacks(packsDir, [good]);

    const { packs, statuses } = await loadPacks({ packsDir, builtins: builtinPacks, logger: silentLogger });

    expect(statuses).toEqual([{ name: 'weft-pack-good', version: '1.0.0', status: 'loaded', packId: 'good', nodes: [{ type: 'good.echo', typeVersion: 1 }] }]);
    expect(packs.map((pack) => pack.credentials?.map((type) => type.id))).toEqual([['good.key']]);
  });

  it.each<{ problem: string; fixture: PackFixture; code: string; message: string }>([
    {
      problem: 'an entry module that throws on import',
      fixture: { name: 'broken', packageJson: packPackageJson('broken'), indexJs: 'throw new Error("cannot start: no API key");' },
      code: 'import_failed',
      message: 'cannot start: no API key',
    },
    {
      problem: 'an entry module that is missing',
      fixture: { name: 'misnamed', packageJson: packPackageJson('misnamed', { sdk: 1, pack: './dist/index.js' }), indexJs: '' },
      code: 'import_failed',
      message: 'dist/index.js',
    },
    {
      problem: 'a package without the weft field',
      fixture: { name: 'not-a-pack', packageJson: { name: 'not-a-pack', version: '2.0.0' }, indexJs: 'export const x = 1;' },
      code: 'invalid_manifest',
      message: 'package.json.weft must have a "weft" field',
    },
    {
      problem: 'a newer SDK version',
      fixture: { name: 'from-the-future', packageJson: packPackageJson('from-the-future', { sdk: 2, pack: './index.js' }), indexJs: nodePackSource('future') },
      code: 'incompatible_sdk',
      message: 'written for node SDK 2; this Weft provides SDK 1',
    },
    {
      problem: 'an entry that points outside the package',
      fixture: { name: 'escapes', packageJson: packPackageJson('escapes', { sdk: 1, pack: '../weft-pack-good/index.js' }), indexJs: '' },
      code: 'invalid_manifest',
      message: 'points outside the package',
    },
    {
      problem: 'a module that exports no pack',
      fixture: { name: 'no-export', packageJson: packPackageJson('no-export'), indexJs: 'export const nodes = [];' },
      code: 'invalid_pack',
      message: 'export `pack = definePack(',
    },
    {
      problem: 'a node outside the pack’s namespace (made without definePack)',
      fixture: {
        name: 'trespasser',
        packageJson: packPackageJson('trespasser'),
        indexJs: nodePackSource('trespasser').replace("export const pack = definePack({", 'const made = definePack({').concat("export const pack = { ...made, nodes: made.nodes.map((node) => ({ ...node, type: 'slack.post' })) };\n"),
      },
      code: 'outside_namespace',
      message: 'slack.post',
    },
    {
      problem: 'a node type a built-in pack owns',
      fixture: { name: 'core-copy', packageJson: packPackageJson('core-copy'), indexJs: nodePackSource('core', { nodeName: 'map' }) },
      code: 'clash',
      message: 'pack id core (by built-in pack core); node type core.map (by built-in pack core)',
    },
    {
      problem: 'a credential type another pack owns',
      fixture: { name: 'zz-second-good', packageJson: packPackageJson('zz-second-good'), indexJs: nodePackSource('good', { nodeName: 'other', credentialId: 'good.key' }) },
      code: 'clash',
      message: 'credential type good.key (by pack weft-pack-good)',
    },
  ])('reports $problem as $code and still loads the good pack', async ({ fixture, code, message }) => {
    const packsDir = join(root, fixture.name);
    writeInstalledPacks(packsDir, [good, fixture]);

    const { packs, statuses } = await loadPacks({ packsDir, builtins: builtinPacks, logger: silentLogger });

    expect(packs.map((pack) => pack.id)).toEqual(['good']);
    const failed = statuses.find((status) => status.name === fixture.name);
    expect(failed).toMatchObject({ status: 'failed', packId: null, nodes: [], error: { code, message: expect.stringContaining(message) } });
  });
});

/** A pack whose node's description comes from a module of its own, `./words.js`, and from an npm dependency when `helper` is set. */
function sayPackSource(options: { helper?: boolean } = {}): string {
  return `import { defineNode, definePack } from '@weft/nodes/sdk';
import { z } from 'zod';
import { word } from './words.js';
${options.helper === true ? "import { suffix } from 'say-helper';" : 'const suffix = "";'}
export const pack = definePack({
  id: 'say',
  displayName: 'Say',
  nodes: [defineNode({ type: 'say.word', typeVersion: 1, displayName: 'Say', description: word + suffix, category: 'Test', params: z.strictObject({}), run: async () => ({ output: word }) })],
});
`;
}

function descriptionOf(loaded: Awaited<ReturnType<typeof loadPacks>>): string | undefined {
  return loaded.packs[0]?.nodes[0]?.description;
}

describe('loadPacks again in a running Weft', () => {
  it('keeps an unchanged pack as it is, and imports a changed one afresh, down to its own modules', async () => {
    const packsDir = join(root, 'again');
    writeInstalledPacks(packsDir, [{ name: 'weft-pack-say', packageJson: packPackageJson('weft-pack-say'), indexJs: sayPackSource() }]);
    writeFileSync(join(packDirOf(packsDir, 'weft-pack-say'), 'words.js'), 'export const word = "one";');
    const first = await loadPacks({ packsDir, builtins: builtinPacks, logger: silentLogger });

    const unchanged = await loadPacks({ packsDir, builtins: builtinPacks, logger: silentLogger });
    writeFileSync(join(packDirOf(packsDir, 'weft-pack-say'), 'words.js'), 'export const word = "three";');
    const changed = await loadPacks({ packsDir, builtins: builtinPacks, logger: silentLogger });

    expect(descriptionOf(first)).toBe('one');
    // The same module: its functions are the very same ones.
    expect(unchanged.packs[0]?.nodes[0]?.run).toBe(first.packs[0]?.nodes[0]?.run);
    expect(descriptionOf(changed)).toBe('three');
  });

  it('tries a pack that failed again once what it lacked is installed', async () => {
    const packsDir = join(root, 'lacking');
    writeInstalledPacks(packsDir, [{ name: 'weft-pack-say', packageJson: packPackageJson('weft-pack-say'), indexJs: sayPackSource({ helper: true }) }]);
    writeFileSync(join(packDirOf(packsDir, 'weft-pack-say'), 'words.js'), 'export const word = "one";');
    const lacking = await loadPacks({ packsDir, builtins: builtinPacks, logger: silentLogger });
    const helperDir = join(packsDir, 'node_modules', 'say-helper');
    mkdirSync(helperDir);
    writeFileSync(join(helperDir, 'package.json'), JSON.stringify({ name: 'say-helper', version: '1.0.0', type: 'module', exports: './index.js' }));
    writeFileSync(join(helperDir, 'index.js'), 'export const suffix = " and more";');

    const complete = await loadPacks({ packsDir, builtins: builtinPacks, logger: silentLogger });

    expect(lacking.statuses).toMatchObject([{ status: 'failed', error: { code: 'import_failed', message: expect.stringContaining('say-helper') } }]);
    expect(descriptionOf(complete)).toBe('one and more');
  });

  it('loads packs from a packs directory inside Weft’s own folder, where the default `.weft/packs` is', async () => {
    const artifacts = join(import.meta.dirname, '..', '..', '.test-artifacts');
    mkdirSync(artifacts, { recursive: true });
    const packsDir = mkdtempSync(join(artifacts, 'packs-'));
    try {
      writeInstalledPacks(packsDir, [good]);

      const { statuses } = await loadPacks({ packsDir, builtins: builtinPacks, logger: silentLogger });

      expect(statuses).toMatchObject([{ name: 'weft-pack-good', status: 'loaded' }]);
    } finally {
      rmSync(packsDir, { recursive: true, force: true });
    }
  });
});
