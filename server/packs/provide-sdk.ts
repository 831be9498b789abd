import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

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

let registered = false;

function isProvided(specifier: string): boolean {
  return providedModules.some((name) => specifier === name) || specifier.startsWith('zod/');
}

/**
 * Makes the provided modules resolvable from any file outside Weft, in this process. Idempotent;
 * Weft's own imports are left alone.
 */
export function provideSdkToPacks(): void {
  if (registered) return;
  registered = true;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const parent = context.parentURL;
      if (!isProvided(specifier) || parent === undefined || parent.startsWith(weftRootUrl) || !parent.startsWith('file:')) {
        return nextResolve(specifier, context);
      }
      return nextResolve(specifier, { ...context, parentURL: sdkPackageUrl });
    },
  });
}

/** The path of a module that, passed to `node --import`, provides the SDK to packs in that process. */
export const provideSdkModulePath = fileURLToPath(new URL('./provide-sdk-register.ts', import.meta.url));

