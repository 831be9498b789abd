import { registerHooks } from 'node:module';
import { join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * What Weft hands a pack instead of letting it bring its own copy. Packs live outside Weft's
 * workspace (in the packs directory, or a folder being developed), where neither the SDK nor zod
 * would resolve; and a pack's zod schemas must be read by the same zod Weft uses. So a pack never
 * installs these: whatever it imports under these names resolves from Weft's own `@weft/nodes`.
 */
export const providedModules = ['@weft/nodes/sdk', '@weft/nodes/sdk/testing', 'zod'] as const;

// The SDK's package.json: resolving from here finds the SDK by self-reference and zod as the SDK does.
const sdkPackageUrl = new URL('../../nodes/package.json', import.meta.url).href;
const weftRootUrl = new URL('../../', import.meta.url).href;

// Packs directories, which may lie inside Weft's folder: the default `.weft/packs` does when Weft starts from its checkout.
const packsDirUrls = new Set<string>();

let registered = false;

function isProvided(specifier: string): boolean {
  return providedModules.some((name) => specifier === name) || specifier.startsWith('zod/');
}

/** Whether a module is a pack's (or a pack dependency's) rather than Weft's own. */
export function isPackModuleUrl(url: string): boolean {
  if (!url.startsWith('file:')) return false;
  return !url.startsWith(weftRootUrl) || [...packsDirUrls].some((packsDirUrl) => url.startsWith(packsDirUrl));
}

/**
 * Makes the provided modules resolvable from any pack module in this process: any file outside
 * Weft, and any file in `packsDir`. Idempotent; Weft's own imports are left alone.
 */
export function provideSdkToPacks(options: { packsDir?: string } = {}): void {
  if (options.packsDir !== undefined) packsDirUrls.add(pathToFileURL(join(options.packsDir, sep)).href);
  if (registered) return;
  registered = true;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const parent = context.parentURL;
      if (!isProvided(specifier) || parent === undefined || !isPackModuleUrl(parent)) return nextResolve(specifier, context);
      return nextResolve(specifier, { ...context, parentURL: sdkPackageUrl });
    },
  });
}

/** The path of a module that, passed to `node --import`, provides the SDK to packs in that process. */
export const provideSdkModulePath = fileURLToPath(new URL('./provide-sdk-register.ts', import.meta.url));

