import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';

// Worked out once: the answer depends only on where the packages are installed.
let cached: string[] | undefined;

/**
 * Node's permission model, as a second wall behind the isolate: code that escaped into the
 * sandbox process could still not write a file, start a process or a worker, and could read only
 * the sandbox's own source, the packages it loads and the package.json files module loading needs.
 * Returns the node flags that set it up for the process started from `entry`.
 */
export function sandboxPermissions(entry: string): string[] {
  cached ??= permissionFlags(entry);
  return cached;
}

function permissionFlags(entry: string): string[] {
  const packageFiles: string[] = [];
  for (let folder = dirname(entry); ; folder = dirname(folder)) {
    packageFiles.push(join(folder, 'package.json'));
    if (dirname(folder) === folder) break;
  }
  // node-gyp-build tells musl from glibc by this file when it picks isolated-vm's prebuilt binary.
  const libcProbe = '/etc/alpine-release';
  const readable = [dirname(entry), join(dirname(entry), '..', 'node_modules'), ...packageFolders(['isolated-vm', 'zod'], entry), ...packageFiles, libcProbe];
  return ['--permission', '--allow-addons', '--disable-warning=SecurityWarning', ...readable.map((path) => `--allow-fs-read=${path}`)];
}

const manifestSchema = z.object({ dependencies: z.record(z.string(), z.string()).optional() });

/**
 * The folders holding `names` and everything they depend on, as resolved from `from`: each
 * package's own folder and the one around it, where its dependencies are linked (pnpm) or kept (npm).
 */
function packageFolders(names: readonly string[], from: string, found = new Set<string>()): string[] {
  for (const name of names) {
    const manifest = createRequire(from).resolve(`${name}/package.json`);
    const folder = dirname(manifest);
    if (found.has(folder)) continue;
    found.add(folder);
    found.add(dirname(folder));
    const dependencies = manifestSchema.parse(JSON.parse(readFileSync(manifest, 'utf8'))).dependencies ?? {};
    packageFolders(Object.keys(dependencies), manifest, found);
  }
  return [...found];
}
