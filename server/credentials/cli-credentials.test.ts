import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LoopbackServer, startLoopbackServer } from '@weft/nodes/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../cli/run-command.ts';

let dir: string;
let echo: LoopbackServer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'weft-cli-credentials-'));
  echo = await startLoopbackServer((request) => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ authorization: request.headers.authorization ?? null }),
  }));
});
afterAll(async () => {
  await echo?.close();
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(content));
  return path;
}

const flow = () => ({
  formatVersion: 1,
  id: 'cli-credentials',
  name: 'CLI credentials',
  nodes: [
    { id: 'start', type: 'core.manual', typeVersion: 1 },
    { id: 'call', type: 'core.http', typeVersion: 1, params: { url: `${echo.url}/x` }, credentials: { auth: 'cred_cli' } },
  ],
  edges: [{ from: { node: 'start', port: 'out' }, to: { node: 'call', port: 'in' } }],
});

async function run(credentials: unknown | undefined) {
  const lines: string[] = [];
  const out = { stdout: (line: string) => lines.push(line), stderr: (line: string) => lines.push(line) };
  const credentialsPath = credentials === undefined ? undefined : await file('credentials.json', credentials);
  const code = await runCommand({ flowPath: await file('flow.json', flow()), ...(credentialsPath === undefined ? {} : { credentialsPath }) }, out);
  return { code, text: lines.join('\n') };
}

describe('weft run --credentials', () => {
  it('sends the credential from the file and prints the step redacted', async () => {
    const { code, text } = await run({ cred_cli: { type: 'core.bearer', values: { token: 'cli-token-123' } } });
    expect(code).toBe(0);
    expect(echo.requests.at(-1)?.headers.authorization).toBe('Bearer cli-token-123');
    expect(text).toContain('Bearer [redacted]');
    expect(text).not.toContain('cli-token-123');
  });

  it.each([
    { name: 'no credentials file', credentials: undefined, code: 1, message: 'credential_not_found' },
    { name: 'a credential of an unknown type', credentials: { cred_cli: { type: 'core.nope', values: {} } }, code: 2, message: 'no credential type "core.nope"' },
    { name: 'values that do not fit the type', credentials: { cred_cli: { type: 'core.bearer', values: {} } }, code: 2, message: 'values.token' },
    { name: 'a file of the wrong shape', credentials: ['x'], code: 2, message: 'must map ids to { type, values }' },
  ])('reports $name', async ({ credentials, code, message }) => {
    const result = await run(credentials);
    expect(result.code).toBe(code);
    expect(result.text).toContain(message);
  });
});
