import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { provideSdkModulePath } from './provide-sdk.ts';

/**
 * `weft pack test [folder]`: runs a pack's `*.test.js` with Node's test runner, in a Node that
 * provides the SDK and zod to the pack as Weft does when it loads it.
 */
export async function testPack(options: { directory: string; onOutput: (chunk: string) => void }): Promise<number> {
  const child = spawn(process.execPath, ['--import', pathToFileURL(provideSdkModulePath).href, '--test'], {
    cwd: options.directory,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => options.onOutput(chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => options.onOutput(chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? 1));
  });
}
