import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@weft/engine';
import { builtinPacks } from '@weft/nodes';
import { afterAll, describe, expect, it } from 'vitest';
import { loadLivePacks } from './live-packs.ts';
import { nodePackSource, type PackFixture, packPackageJson, writeInstalledPacks } from './pack-fixtures.ts';
import { packsDirPackagePath } from './packs-dir.ts';

const root = mkdtempSync(join(tmpdir(), 'weft-live-packs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const acme: PackFixture = { name: 'weft-pack-acme', packageJson: packPackageJson('weft-pack-acme'), indexJs: nodePackSource('acme', { credentialId: 'acme.key' }) };
const broken: PackFixture = { name: 'weft-pack-broken', packageJson: packPackageJson('weft-pack-broken'), indexJs: 'throw new Error("boom: no config file");' };

function recordingLogger() {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const logger: Logger = { log: (level, message, fields) => lines.push({ level, message, ...(fields === undefined ? {} : { fields }) }) };
  return { lines, logger };
}

describe('live packs', () => {
  it('serves what a reload loaded, logs what changed, and reports a pack that failed', async () => {
    const packsDir = join(root, 'reload');
    writeInstalledPacks(packsDir, [acme]);
    const { lines, logger } = recordingLogger();
    const packs = await loadLivePacks({ packsDir, builtins: builtinPacks, logger });
    expect(packs.nodes.get('acme.echo', 1)).toBeDefined();
    lines.length = 0;

    writeInstalledPacks(packsDir, [broken]);
    await packs.reload();

    expect(packs.nodes.get('acme.echo', 1)).toBeUndefined();
    expect(packs.nodes.generation).toBe(1);
    expect(packs.credentialTypes.get('acme.key')).toBeUndefined();
    expect(packs.statuses()).toMatchObject([{ name: 'weft-pack-broken', status: 'failed', error: { code: 'import_failed', message: expect.stringContaining('boom') } }]);
    expect(lines).toEqual([
      { level: 'error', message: 'node pack failed to load; Weft runs without it', fields: { pack: 'weft-pack-broken', code: 'import_failed', error: expect.stringContaining('boom') } },
      { level: 'info', message: 'node pack removed', fields: { pack: 'weft-pack-acme', version: '1.0.0' } },
    ]);
  });

  it('says nothing when a reload finds nothing changed', async () => {
    const packsDir = join(root, 'unchanged');
    writeInstalledPacks(packsDir, [acme]);
    const { lines, logger } = recordingLogger();
    const packs = await loadLivePacks({ packsDir, builtins: builtinPacks, logger });
    lines.length = 0;

    await packs.reload();

    expect(lines).toEqual([]);
    expect(packs.credentialTypes.get('acme.key')).toBeDefined();
  });

  it('keeps the packs it serves when the packs directory cannot be read at all', async () => {
    const packsDir = join(root, 'unreadable');
    writeInstalledPacks(packsDir, [acme]);
    const { lines, logger } = recordingLogger();
    const packs = await loadLivePacks({ packsDir, builtins: builtinPacks, logger });
    lines.length = 0;

    writeFileSync(packsDirPackagePath(packsDir), '{ "dependencies": ');
    await packs.reload();

    expect(packs.nodes.get('acme.echo', 1)).toBeDefined();
    expect(packs.statuses()).toMatchObject([{ name: 'weft-pack-acme', status: 'loaded' }]);
    expect(lines).toMatchObject([{ level: 'error', message: 'reloading node packs failed; the packs loaded before stay in service' }]);
  });
});
