import { createRequire, registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { isPackModuleUrl } from './provide-sdk.ts';

/**
 * Node caches every module by URL for the life of the process, so a pack upgraded on disk would keep
 * running its old code. Each load of a pack therefore imports its entry under a token (`?weft-load=`)
 * that changes with the pack's files, and the resolution hook below carries the token on to every
 * pack file the entry imports: a new token is a whole new module graph, an unchanged one is Node's
 * cache. The old graphs stay in memory until Weft restarts; packs change rarely.
 */
const loadTokenParam = 'weft-load';

const requireModule = createRequire(import.meta.url);
const nativeImport = z.custom<(url: string) => Promise<unknown>>((value) => typeof value === 'function').parse(requireModule('./native-import.cjs'));

// A failed import stays cached under its URL too; a retry (the missing dependency installed since) needs a new one.
const failedImports = new Map<string, number>();

let registered = false;

/** Imports a pack's entry module afresh whenever `fingerprint` (see packFingerprint) is new. */
export async function importPackModule(entryPath: string, fingerprint: string): Promise<unknown> {
  carryLoadTokens();
  const key = `${entryPath}\n${fingerprint}`;
  const failures = failedImports.get(key) ?? 0;
  const url = pathToFileURL(entryPath);
  url.searchParams.set(loadTokenParam, failures === 0 ? fingerprint : `${fingerprint}.${failures}`);
  try {
    return await nativeImport(url.href);
  } catch (error) {
    failedImports.set(key, failures + 1);
    throw error;
  }
}

function carryLoadTokens(): void {
  if (registered) return;
  registered = true;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const resolved = nextResolve(specifier, context);
      const parent = context.parentURL;
      // Only a pack's files, never Weft's (the SDK and zod a pack imports must stay the ones Weft uses).
      if (parent === undefined || !isPackModuleUrl(parent) || !isPackModuleUrl(resolved.url)) return resolved;
      const token = new URL(parent).searchParams.get(loadTokenParam);
      const url = new URL(resolved.url);
      if (token === null || url.search !== '') return resolved;
      url.searchParams.set(loadTokenParam, token);
      return { ...resolved, url: url.href };
    },
  });
}
