import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { silentLogger } from '@weft/engine';
import type { Pack } from '@weft/nodes/sdk';
import { loadPacks, type PackStatus } from './load-packs.ts';
import { PackError } from './pack-errors.ts';
import { ensurePacksDir, installedPacks, packsDirPackagePath } from './packs-dir.ts';
import { runNpm } from './npm-cli.ts';

/**
 * `weft pack install <npm name | tarball | folder>`: npm-installs into the packs directory, then
 * loads the new pack exactly as Weft will. A pack that would fail to load is uninstalled again
 * (package.json and lock restored), so the packs directory only ever holds packs that load. A
 * running Weft watches the directory and loads (or, after a rollback, drops) the pack by itself.
 */
export async function installPack(options: { packsDir: string; spec: string; builtins: readonly Pack[] }): Promise<PackStatus[]> {
  const { packsDir } = options;
  ensurePacksDir(packsDir);
  const before = installedPacks(packsDir);
  const snapshot = snapshotFiles([packsDirPackagePath(packsDir), join(packsDir, 'package-lock.json')]);
  // npm reads a relative path against the prefix; the user meant their working directory.
  const spec = existsSync(options.spec) ? resolve(options.spec) : options.spec;
  await runNpm(['install', '--prefix', packsDir, spec]);
  const after = installedPacks(packsDir);
  const changed = Object.keys(after).filter((name) => before[name] !== after[name]);
  const statuses = (await loadPacks({ packsDir, builtins: options.builtins, logger: silentLogger })).statuses.filter((status) => changed.includes(status.name));
  const failed = statuses.filter((status) => status.status === 'failed');
  if (failed.length > 0) {
    restoreFiles(snapshot);
    await runNpm(['install', '--prefix', packsDir]);
    const reasons = failed.map((status) => `${status.name}: ${status.error?.code ?? 'failed'}: ${status.error?.message ?? ''}`);
    throw new PackError(failed[0]?.error?.code ?? 'invalid_pack', `not installed, the pack does not load:\n  ${reasons.join('\n  ')}`);
  }
  return statuses;
}

/** `weft pack remove <name>`. */
export async function removePack(options: { packsDir: string; name: string }): Promise<void> {
  if (installedPacks(options.packsDir)[options.name] === undefined) {
    throw new PackError('pack_not_installed', `${options.name} is not installed in ${options.packsDir}`);
  }
  await runNpm(['uninstall', '--prefix', options.packsDir, options.name]);
}

function snapshotFiles(paths: readonly string[]): Map<string, string | undefined> {
  return new Map(paths.map((path) => [path, existsSync(path) ? readFileSync(path, 'utf8') : undefined]));
}

function restoreFiles(snapshot: Map<string, string | undefined>): void {
  for (const [path, content] of snapshot) {
    if (content === undefined) rmSync(path, { force: true });
    else writeFileSync(path, content);
  }
}
