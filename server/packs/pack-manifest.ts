import { readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { SDK_API_VERSION } from '@weft/nodes/sdk';
import { z } from 'zod';
import { messageOf, PackError } from './pack-errors.ts';

/** The part of a pack's package.json Weft reads: `"weft": { "sdk": 1, "pack": "./index.js" }`. */
export const packManifestSchema = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  weft: z.object(
    {
      /** The node SDK API version the pack is written against (SDK_API_VERSION). */
      sdk: z.int().positive(),
      /** The entry module, relative to the package, that exports `pack`. */
      pack: z.string().min(1),
    },
    { error: 'must have a "weft" field: { "sdk": 1, "pack": "./index.js" }' },
  ),
});

export type PackManifest = z.infer<typeof packManifestSchema>;

/** The name and version a package.json states, even when the rest of it is not a pack manifest. */
export function readPackageIdentity(packageDir: string): { name: string | undefined; version: string | null } {
  try {
    const identity = z.object({ name: z.string().optional(), version: z.string().optional() }).safeParse(JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')));
    return identity.success ? { name: identity.data.name, version: identity.data.version ?? null } : { name: undefined, version: null };
  } catch {
    return { name: undefined, version: null };
  }
}

/** Reads and checks a pack's manifest, including that its SDK version is the one this Weft provides. */
export function readPackManifest(packageDir: string): PackManifest & { entryPath: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  } catch (error) {
    throw new PackError('invalid_manifest', `cannot read package.json: ${messageOf(error)}`, { cause: error });
  }
  const parsed = packManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${['package.json', ...issue.path].join('.')} ${issue.message}`);
    throw new PackError('invalid_manifest', issues.join('; '));
  }
  const manifest = parsed.data;
  if (manifest.weft.sdk !== SDK_API_VERSION) {
    throw new PackError('incompatible_sdk', `written for node SDK ${manifest.weft.sdk}; this Weft provides SDK ${SDK_API_VERSION}`);
  }
  const entryPath = resolve(packageDir, manifest.weft.pack);
  // The entry must be the package's own file, not somewhere else on the disk.
  if (relative(packageDir, entryPath).startsWith(`..${sep}`)) {
    throw new PackError('invalid_manifest', `package.json.weft.pack points outside the package: ${manifest.weft.pack}`);
  }
  return { ...manifest, entryPath };
}
