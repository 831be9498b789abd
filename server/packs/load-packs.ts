import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import type { Logger } from '@weft/engine';
import type { Pack } from '@weft/nodes/sdk';
import { importPackModule } from './import-pack-module.ts';
import { messageOf, PackError, type PackErrorCode } from './pack-errors.ts';
import { packFromModule } from './pack-export.ts';
import { packFingerprint } from './pack-fingerprint.ts';
import { readPackageIdentity, readPackManifest } from './pack-manifest.ts';
import { installedPacks, packDirOf } from './packs-dir.ts';
import { provideSdkToPacks } from './provide-sdk.ts';

/** One installed pack as `GET /api/packs` and `weft pack list` show it. */
export interface PackStatus {
  name: string;
  version: string | null;
  status: 'loaded' | 'failed';
  /** The pack's id, its node types' namespace; null when it never got that far. */
  packId: string | null;
  error?: { code: PackErrorCode; message: string };
  nodes: { type: string; typeVersion: number }[];
}

export interface LoadedPacks {
  /** The packs that loaded, in name order; built-ins are not among them. */
  packs: Pack[];
  /** Every installed pack, loaded or not, in name order. */
  statuses: PackStatus[];
}

const requireCache = createRequire(import.meta.url).cache;

/**
 * Loads every pack installed in `packsDir`, next to the built-ins: at start, and again in a running
 * Weft whenever the packs directory changes. A pack that cannot load is reported and left out; it
 * never stops the others or the server. A pack whose files did not change since it was last loaded
 * in this process comes back as the same module; a changed one is imported afresh.
 */
export async function loadPacks(options: { packsDir: string; builtins: readonly Pack[]; logger: Logger }): Promise<LoadedPacks> {
  const names = Object.keys(installedPacks(options.packsDir)).sort();
  // Only a process that loads packs gets the resolution hook.
  if (names.length > 0) provideSdkToPacks({ packsDir: options.packsDir });
  forgetCommonJsModules(options.packsDir);
  const owners = new Map<string, string>();
  for (const pack of options.builtins) claim(owners, pack, `built-in pack ${pack.id}`);
  const packs: Pack[] = [];
  const statuses: PackStatus[] = [];
  for (const name of names) {
    const directory = packDirOf(options.packsDir, name);
    try {
      const manifest = readPackManifest(directory);
      const pack = await importPack(manifest.entryPath, directory);
      const taken = clashesOf(owners, pack);
      if (taken.length > 0) throw new PackError('clash', `already taken: ${taken.join('; ')}`);
      claim(owners, pack, `pack ${name}`);
      packs.push(pack);
      statuses.push({ name, version: manifest.version, status: 'loaded', packId: pack.id, nodes: pack.nodes.map(({ type, typeVersion }) => ({ type, typeVersion })) });
      options.logger.log('info', 'node pack loaded', { pack: name, version: manifest.version, nodes: pack.nodes.length });
    } catch (error) {
      const failure = error instanceof PackError ? error : new PackError('import_failed', messageOf(error), { cause: error });
      const identity = readPackageIdentity(directory);
      statuses.push({ name, version: identity.version, status: 'failed', packId: null, error: { code: failure.code, message: failure.message }, nodes: [] });
      options.logger.log('error', 'node pack failed to load; Weft runs without it', { pack: name, code: failure.code, error: failure.message });
    }
  }
  return { packs, statuses };
}

async function importPack(entryPath: string, directory: string): Promise<Pack> {
  let exports: unknown;
  try {
    exports = await importPackModule(entryPath, packFingerprint(directory));
  } catch (error) {
    throw new PackError('import_failed', `importing ${entryPath} failed: ${messageOf(error)}`, { cause: error });
  }
  return packFromModule(exports);
}

/**
 * CommonJS modules in the packs directory (a pack's CommonJS dependencies) are cached by file name
 * alone, whatever the load token; forgotten here, an upgraded one is read again by the packs
 * imported afresh. Packs already loaded keep the instances they hold.
 */
function forgetCommonJsModules(packsDir: string): void {
  const prefix = join(packsDir, sep);
  for (const file of Object.keys(requireCache)) if (file.startsWith(prefix)) delete requireCache[file];
}

function idsOf(pack: Pack): string[] {
  return [`pack id ${pack.id}`, ...pack.nodes.map((node) => `node type ${node.type}`), ...(pack.credentials ?? []).map((type) => `credential type ${type.id}`)];
}

function clashesOf(owners: Map<string, string>, pack: Pack): string[] {
  return [...new Set(idsOf(pack))].flatMap((id) => {
    const owner = owners.get(id);
    return owner === undefined ? [] : [`${id} (by ${owner})`];
  });
}

function claim(owners: Map<string, string>, pack: Pack, owner: string): void {
  for (const id of idsOf(pack)) owners.set(id, owner);
}
