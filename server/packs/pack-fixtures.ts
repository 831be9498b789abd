import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePacksDir, packDirOf, packsDirPackagePath } from './packs-dir.ts';

/** A pack as a test writes it: its package.json (`weft` field included or not) and its entry module. */
export interface PackFixture {
  name: string;
  packageJson: Record<string, unknown>;
  indexJs: string;
}

/** The entry module of a pack with one node, `<id>.<nodeName>`, that outputs `{ from: <id>, input }`. */
export function nodePackSource(id: string, options: { nodeName?: string; credentialId?: string } = {}): string {
  const nodeName = options.nodeName ?? 'echo';
  const credentials = options.credentialId === undefined ? '[]' : `[defineCredential({ id: '${options.credentialId}', displayName: 'Key', description: 'A key.', fields: z.strictObject({ key: z.string() }), secretFields: ['key'] })]`;
  return `import { defineCredential, defineNode, definePack } from '@weft/nodes/sdk';
import { z } from 'zod';
export const pack = definePack({
  id: ${JSON.stringify(id)},
  displayName: ${JSON.stringify(id)},
  nodes: [defineNode({
    type: ${JSON.stringify(`${id}.${nodeName}`)}, typeVersion: 1, displayName: 'Echo', description: 'Echoes.', category: 'Test',
    params: z.strictObject({ note: z.string().default('none') }),
    run: async ({ input, params }) => ({ output: { from: ${JSON.stringify(id)}, note: params.note, input } }),
  })],
  credentials: ${credentials},
});
`;
}

/** The package.json of a pack: name, version and the `weft` manifest. */
export function packPackageJson(name: string, weft: unknown = { sdk: 1, pack: './index.js' }): Record<string, unknown> {
  return { name, version: '1.0.0', type: 'module', weft };
}

/** Writes packs into a packs directory as `npm install --prefix` leaves them: in node_modules and listed. */
export function writeInstalledPacks(packsDir: string, fixtures: readonly PackFixture[]): void {
  ensurePacksDir(packsDir);
  const manifest: unknown = JSON.parse(readFileSync(packsDirPackagePath(packsDir), 'utf8'));
  const dependencies: Record<string, string> = {};
  for (const fixture of fixtures) {
    const directory = packDirOf(packsDir, fixture.name);
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, 'package.json'), JSON.stringify(fixture.packageJson));
    writeFileSync(join(directory, 'index.js'), fixture.indexJs);
    dependencies[fixture.name] = `file:${fixture.name}`;
  }
  writeFileSync(packsDirPackagePath(packsDir), JSON.stringify({ ...(typeof manifest === 'object' ? manifest : {}), dependencies }, null, 2));
}
