import { createRequire } from 'node:module';
import type { Logger } from '@weft/engine';
import type { Pack } from '@weft/nodes/sdk';
import { messageOf, PackError, type PackErrorCode } from './pack-errors.ts';
import { packFromModule } from './pack-export.ts';
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

// ESM packs are loaded with require(): it runs them through Node's own loader (and the hooks that
// provide the SDK) in every host, test runners included. The price: a pack may not use top-level await.
const requireModule = createRequire(import.meta.url);

/**
 * Loads every pack installed in `packsDir`, next to the built-ins. A pack that cannot load is
 * reported and left out; it never stops the others or the server.
 */
export function loadPacks(options: { packsDir: string; builtins: readonly Pack[]; logger: Logger }): LoadedPacks {
  const names = Object.keys(installedPacks(options.packsDir)).sort();
  // Only a process that loads packs gets the resolution hook.
  if (names.length > 0) provideSdkToPacks();
  const owners = new Map<string, string>();
  for (const pack of options.builtins) claim(owners, pack, `built-in pack ${pack.id}`);
  const packs: Pack[] = [];
  const statuses: PackStatus[] = [];
  for (const name of names) {
    const directory = packDirOf(options.packsDir, name);
    try {
      const manifest = readPackManifest(directory);
      const pack = importPack(manifest.entryPath);
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

function importPack(entryPath: string): Pack {
  let exports: unknown;
  try {
    exports = requireModule(entryPath);
  } catch (error) {
    throw new PackError('import_failed', `importing ${entryPath} failed: ${messageOf(error)}`, { cause: error });
  }
  return packFromModule(exports);
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
