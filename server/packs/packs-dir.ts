import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { messageOf, PackError } from './pack-errors.ts';

/**
 * The packs directory is an npm prefix: `npm install --prefix <dir>` records each pack in its
 * package.json and puts it in its node_modules. Its dependencies are the installed packs; what else
 * lies in node_modules is theirs.
 */
const packsDirPackageSchema = z.object({ dependencies: z.record(z.string(), z.string()).default({}) });

export function packsDirPackagePath(packsDir: string): string {
  return join(packsDir, 'package.json');
}

/** The installed packs, by npm name, with the spec each was installed from. */
export function installedPacks(packsDir: string): Record<string, string> {
  const path = packsDirPackagePath(packsDir);
  if (!existsSync(path)) return {};
  try {
    return packsDirPackageSchema.parse(JSON.parse(readFileSync(path, 'utf8'))).dependencies;
  } catch (error) {
    throw new PackError('invalid_manifest', `${path} is not a packs directory's package.json: ${messageOf(error)}`, { cause: error });
  }
}

/** Creates the packs directory with its package.json, so npm treats it as the project to install into. */
export function ensurePacksDir(packsDir: string): void {
  mkdirSync(packsDir, { recursive: true });
  const path = packsDirPackagePath(packsDir);
  if (existsSync(path)) return;
  const manifest = { name: 'weft-packs', private: true, description: 'Node packs installed with `weft pack install`.', dependencies: {} };
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
}

export function packDirOf(packsDir: string, name: string): string {
  return join(packsDir, 'node_modules', name);
}
