import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const weftCli = fileURLToPath(new URL('../cli/weft.ts', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'weft-code-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const codeFlow = (source: string) => ({
  formatVersion: 1,
  id: 'cli-code',
  name: 'CLI code',
  nodes: [
    { id: 'start', type: 'core.manual', typeVersion: 1, params: {} },
    { id: 'code', type: 'core.code', typeVersion: 1, params: { code: source, timeoutMs: 1_000 } },
  ],
  edges: [{ from: { node: 'start', port: 'out' }, to: { node: 'code', port: 'in' } }],
});

/** Runs the real `weft run` command; a command that does not end on its own is killed and reported. */
function weftRun(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; killed: boolean }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [weftCli, 'run', ...args], { timeout: 20_000, env: { PATH: process.env.PATH ?? '' } }, (_error, stdout, stderr) => {
      resolve({ code: child.exitCode, stdout, stderr, killed: child.signalCode !== null });
    });
  });
}

describe('weft run with a code step', () => {
  it.each([
    ['a code step that succeeds', 'return { doubled: input.n * 2 }', 0, 'succeeded code (core.code)'],
    ['a code step that loops forever', 'while (true) {}', 1, 'error code_timeout'],
  ])('runs %s and exits by itself', async (_case, source, exitCode, line) => {
    const flowPath = join(dir, `${exitCode}.flow.json`);
    const inputPath = join(dir, 'input.json');
    await writeFile(flowPath, JSON.stringify(codeFlow(source)));
    await writeFile(inputPath, JSON.stringify({ n: 21 }));

    const result = await weftRun([flowPath, '--input', inputPath]);

    expect(result.killed).toBe(false);
    expect(result.code).toBe(exitCode);
    expect(result.stdout).toContain(line);
    if (exitCode === 0) expect(result.stdout).toContain('"doubled": 42');
  });
});
