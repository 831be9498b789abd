import { execFile } from 'node:child_process';
import { PackError } from './pack-errors.ts';

/**
 * Runs the npm CLI. Packs get the SDK and zod from Weft (provide-sdk.ts), so peer dependencies are
 * never installed (`--legacy-peer-deps`): npm would otherwise try to fetch `@weft/nodes` from the
 * registry. A folder is copied, not linked (`--install-links`), so an installed pack does not change
 * under a running Weft when its source folder does.
 */
export async function runNpm(args: readonly string[], options: { cwd?: string } = {}): Promise<string> {
  const command = [...args, '--no-audit', '--no-fund', '--legacy-peer-deps', '--install-links', '--loglevel=error'];
  return new Promise((resolve, reject) => {
    execFile(process.platform === 'win32' ? 'npm.cmd' : 'npm', command, { cwd: options.cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) return resolve(stdout);
      const output = `${stderr}${stdout}`.trim().split('\n').slice(-15).join('\n');
      reject(new PackError('npm_failed', `npm ${args.join(' ')} failed:\n${output}`, { cause: error }));
    });
  });
}
