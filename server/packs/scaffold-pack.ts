import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SDK_API_VERSION } from '@weft/nodes/sdk';
import { z } from 'zod';
import { PackError } from './pack-errors.ts';

// npm's rules for a new package name, in short: lowercase, optional scope, URL-safe characters.
const packageNameSchema = z.string().regex(/^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/, 'must be a lowercase npm package name');

/** The pack id (its node types' namespace) a package name suggests: `@acme/weft-pack-crm` → `crm`. */
export function packIdOf(packageName: string): string {
  const bare = packageName.replace(/^@[^/]+\//, '').replace(/^weft-pack-|-weft-pack$/g, '');
  const id = bare.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '');
  if (id === '') throw new PackError('invalid_pack_name', `no pack id can be made from ${packageName}; start its name with a letter`);
  return id;
}

/**
 * `weft pack new <name>`: a pack folder ready to test, `npm pack` and install, with one example node,
 * its test (the SDK test kit's runNode), an example flow and a README. Returns the folder.
 */
export function scaffoldPack(options: { name: string; parentDir: string }): string {
  const parsedName = packageNameSchema.safeParse(options.name);
  if (!parsedName.success) throw new PackError('invalid_pack_name', `${options.name} ${parsedName.error.issues[0]?.message ?? 'is not valid'}`);
  const name = parsedName.data;
  const id = packIdOf(name);
  const directory = resolve(options.parentDir, name.replace(/^@[^/]+\//, ''));
  if (existsSync(directory)) throw new PackError('invalid_pack_name', `${directory} already exists`);
  mkdirSync(join(directory, 'examples'), { recursive: true });
  const files: Record<string, string> = {
    'package.json': `${JSON.stringify(packageJson(name), null, 2)}\n`,
    'index.js': indexJs(id),
    'index.test.js': testJs(id),
    [join('examples', 'greet.flow.json')]: `${JSON.stringify(exampleFlow(id), null, 2)}\n`,
    'README.md': readme(name, id),
  };
  for (const [file, content] of Object.entries(files)) writeFileSync(join(directory, file), content);
  return directory;
}

function packageJson(name: string) {
  return {
    name,
    version: '0.1.0',
    description: 'A Weft node pack.',
    type: 'module',
    exports: './index.js',
    files: ['index.js', 'examples', 'README.md'],
    keywords: ['weft-pack'],
    // Weft provides @weft/nodes/sdk and zod to packs; the pack lists neither as a dependency.
    weft: { sdk: SDK_API_VERSION, pack: './index.js' },
    scripts: { test: 'weft pack test .' },
  };
}

function indexJs(id: string): string {
  return `import { defineNode, definePack, NodeRunError } from '@weft/nodes/sdk';
import { z } from 'zod';

const MAX_NAME_LENGTH = 100;

/** An example node: greets someone by name. Params may hold JSONata expressions (strings starting with "="). */
export const greetNode = defineNode({
  type: '${id}.greet',
  typeVersion: 1,
  displayName: 'Greet',
  description: 'Says hello to someone by name.',
  category: 'Actions',
  params: z.strictObject({
    name: z.string().min(1),
    greeting: z.string().default('Hello'),
  }),
  sample: { message: 'Hello, Ada!' },
  run: async ({ params }) => {
    // A NodeRunError fails the step with a stable code flows and tests can rely on; pass
    // { retryable: true } when trying again may help (a timeout, a busy service).
    if (params.name.length > MAX_NAME_LENGTH) {
      throw new NodeRunError('name_too_long', \`a name of \${params.name.length} characters is too long to greet\`);
    }
    return { output: { message: \`\${params.greeting}, \${params.name}!\` } };
  },
});

export const pack = definePack({
  id: '${id}',
  displayName: '${id}',
  nodes: [greetNode],
  credentials: [],
});
`;
}

function testJs(id: string): string {
  return `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runNode } from '@weft/nodes/sdk/testing';
import { greetNode } from './index.js';

test('${id}.greet greets the name an expression picks from its input', async () => {
  const step = await runNode(greetNode, { params: { name: '=$.user.name' }, input: { user: { name: 'Ada' } } });

  assert.equal(step.status, 'succeeded');
  assert.deepEqual(step.output, { message: 'Hello, Ada!' });
});

test('${id}.greet fails its step when the name is empty', async () => {
  const step = await runNode(greetNode, { params: { name: '=$.missing' }, input: {} });

  assert.equal(step.status, 'failed');
});

test('${id}.greet fails with name_too_long for a name it will not greet', async () => {
  const step = await runNode(greetNode, { params: { name: 'A'.repeat(101) } });

  assert.equal(step.status, 'failed');
  assert.equal(step.error?.code, 'name_too_long');
  assert.equal(step.error?.retryable, false);
});
`;
}

function exampleFlow(id: string) {
  return {
    formatVersion: 1,
    id: `${id}-greet`,
    name: `Greet with ${id}`,
    nodes: [
      { id: 'start', type: 'core.manual', typeVersion: 1, params: {} },
      { id: 'greet', type: `${id}.greet`, typeVersion: 1, params: { name: '=$.name' } },
    ],
    edges: [{ from: { node: 'start', port: 'out' }, to: { node: 'greet', port: 'in' } }],
  };
}

function readme(name: string, id: string): string {
  return `# ${name}

A Weft node pack. Its nodes are \`${id}.*\`; \`index.js\` exports \`pack\`, and
\`package.json\` names it under \`"weft": { "sdk": ${SDK_API_VERSION}, "pack": "./index.js" }\`.

## Writing nodes

Import \`defineNode\` and \`definePack\` from \`@weft/nodes/sdk\` and \`zod\` for params. Do not add either as a
dependency: Weft provides both to every pack, so your schemas are read by the same zod Weft uses.

To fail a step, throw \`new NodeRunError(code, message, { retryable, details })\` (also from \`@weft/nodes/sdk\`):
the code is what a flow's error handling and your tests see; \`retryable: true\` lets the node's retry policy
try again. When a node's params change in a way saved flows would notice, raise its \`typeVersion\` and add
\`migrations: [{ fromVersion, up(params) { return newParams; } }]\` so flows saved with the old version keep running.

## Testing

\`index.test.js\` runs the node through a real engine with \`runNode\` from \`@weft/nodes/sdk/testing\`:

\`\`\`sh
weft pack test .            # or, from a Weft checkout: npm run weft -- pack test <this folder>
\`\`\`

## Installing

\`\`\`sh
npm pack                                 # makes ${name.replace(/^@/, '').replace('/', '-')}-0.1.0.tgz
weft pack install ./<that tarball>       # or this folder, or the name once published to npm
\`\`\`

A running Weft loads the pack within seconds, no restart needed; \`GET /api/packs\` lists it and
\`examples/greet.flow.json\` is a flow that uses it. Installing a new version replaces it the same way.
`;
}
