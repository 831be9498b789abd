import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinPacks } from '@weft/nodes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft } from '../testing/test-weft.ts';
import { installPack, removePack } from './install-pack.ts';
import { runNpm } from './npm-cli.ts';
import { packCommand } from './pack-command.ts';
import { packPackageJson } from './pack-fixtures.ts';
import { packIdOf, scaffoldPack } from './scaffold-pack.ts';
import { packsDirPackagePath } from './packs-dir.ts';
import { testPack } from './test-pack.ts';

const root = mkdtempSync(join(tmpdir(), 'weft-pack-cli-'));
const packsDir = join(root, 'packs');
let packDir: string;
let tarball: string;

beforeAll(async () => {
  packDir = scaffoldPack({ name: '@acme/weft-pack-greeter', parentDir: root });
  tarball = join(root, (await runNpm(['pack', '--pack-destination', root], { cwd: packDir })).trim().split('\n').at(-1) ?? '');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function capture() {
  const lines: string[] = [];
  return { lines, terminal: { stdout: (line: string) => lines.push(line), stderr: (line: string) => lines.push(line) } };
}

describe('weft pack new', () => {
  it.each([
    { name: '@acme/weft-pack-greeter', id: 'greeter' },
    { name: 'crm-weft-pack', id: 'crm' },
    { name: 'my.tools', id: 'my-tools' },
  ])('names the pack $id after the package $name', ({ name, id }) => {
    expect(packIdOf(name)).toBe(id);
  });

  it('scaffolds a pack whose own test passes with the SDK Weft provides', async () => {
    let output = '';
    const code = await testPack({ directory: packDir, onOutput: (chunk) => (output += chunk) });

    expect(output).toContain('pass 3');
    expect(code).toBe(0);
  });

  it('refuses a name npm would refuse', async () => {
    const { lines, terminal } = capture();
    expect(await packCommand(['new', 'Not A Name', '--dir', root], {}, terminal)).toBe(1);
    expect(lines.join('\n')).toContain('invalid_pack_name');
  });
});

describe('weft pack install, list and remove', () => {
  it('installs the npm-packed tarball; a fresh Weft on that packs dir shows the node and runs it in a flow', async () => {
    const statuses = await installPack({ packsDir, spec: tarball, builtins: builtinPacks });
    expect(statuses).toEqual([{ name: '@acme/weft-pack-greeter', version: '0.1.0', status: 'loaded', packId: 'greeter', nodes: [{ type: 'greeter.greet', typeVersion: 1 }] }]);

    const weft = await startTestWeft({ WEFT_PACKS_DIR: packsDir });
    try {
      const catalog: unknown = await (await weft.api('/api/nodes')).json();
      expect(catalog).toMatchObject({ nodes: expect.arrayContaining([expect.objectContaining({ type: 'greeter.greet', sample: { message: 'Hello, Ada!' } })]) });
      const example: unknown = JSON.parse(readFileSync(join(packDir, 'examples', 'greet.flow.json'), 'utf8'));
      expect((await weft.api('/api/flows/import', { body: example })).status).toBe(201);

      const execution: unknown = await (await weft.api('/api/flows/greeter-greet/run', { body: { payload: { name: 'Ada' } } })).json();

      expect(execution).toMatchObject({ status: 'succeeded', steps: expect.arrayContaining([expect.objectContaining({ nodeId: 'greet', output: { message: 'Hello, Ada!' } })]) });
    } finally {
      await weft.stop();
    }
  }, 90_000);

  it('lists what is installed', async () => {
    const { lines, terminal } = capture();
    expect(await packCommand(['list'], { WEFT_PACKS_DIR: packsDir }, terminal)).toBe(0);
    expect(lines).toEqual(['@acme/weft-pack-greeter@0.1.0  loaded  greeter.greet@1']);
  });

  it('rolls back a pack that does not load, leaving the installed ones as they were', async () => {
    const broken = join(root, 'broken');
    mkdirSync(broken);
    writeFileSync(join(broken, 'package.json'), JSON.stringify(packPackageJson('weft-pack-broken')));
    writeFileSync(join(broken, 'index.js'), 'throw new Error("needs a config file");');
    const before = readFileSync(packsDirPackagePath(packsDir), 'utf8');

    const install = installPack({ packsDir, spec: broken, builtins: builtinPacks });

    await expect(install).rejects.toMatchObject({ code: 'import_failed', message: expect.stringContaining('needs a config file') });
    expect(readFileSync(packsDirPackagePath(packsDir), 'utf8')).toBe(before);
    expect(existsSync(join(packsDir, 'node_modules', 'weft-pack-broken'))).toBe(false);
    expect(existsSync(join(packsDir, 'node_modules', '@acme', 'weft-pack-greeter'))).toBe(true);
  });

  it('removes a pack, and says so when asked to remove one that is not there', async () => {
    await removePack({ packsDir, name: '@acme/weft-pack-greeter' });

    expect(existsSync(join(packsDir, 'node_modules', '@acme', 'weft-pack-greeter'))).toBe(false);
    await expect(removePack({ packsDir, name: '@acme/weft-pack-greeter' })).rejects.toMatchObject({ code: 'pack_not_installed' });
  });
});
