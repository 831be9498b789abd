#!/usr/bin/env node
// Runs a Weft command under Node 24 with the workspace installed, whatever Node the machine has.
// It must stay plain JavaScript that Node 20 can run: it is what `npm start` and `npm test` call
// on a fresh machine, before Node 24 or pnpm exist there.
//
//   node scripts/toolchain.mjs run <package script> [args…]   pnpm run, under Node 24
//   node scripts/toolchain.mjs node <file> [args…]            node 24 directly
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const toolchainDir = join(root, '.toolchain');
const requiredNodeMajor = Number(readFileSync(join(root, '.nvmrc'), 'utf8').trim());
const pnpmVersion = '10';

function fail(message) {
  console.error(`weft: ${message}`);
  process.exit(1);
}

function runOrFail(command, args, options) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function provisionToolchain() {
  const nodeBinary = join(toolchainDir, 'node_modules', 'node', 'bin', 'node');
  const pnpmEntry = join(toolchainDir, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs');
  const systemNodeFits = Number(process.versions.node.split('.')[0]) >= requiredNodeMajor;
  const nodeReady = systemNodeFits || existsSync(nodeBinary);
  if (!nodeReady || !existsSync(pnpmEntry)) {
    console.error(`weft: installing Node ${requiredNodeMajor} and pnpm ${pnpmVersion} into .toolchain/ (once)`);
    const packages = [`pnpm@${pnpmVersion}`];
    if (!systemNodeFits) packages.push(`node@${requiredNodeMajor}`);
    runOrFail('npm', ['install', '--prefix', toolchainDir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', ...packages], {
      cwd: root,
    });
  }
  return { node: systemNodeFits ? process.execPath : nodeBinary, pnpmEntry };
}

function toolchainEnv(nodeBinary) {
  const env = { ...process.env };
  // The machine's npm config may point native builds at Node 20 headers; Node 24 must use its own.
  for (const key of Object.keys(env)) if (key.toLowerCase() === 'npm_config_nodedir') delete env[key];
  env.PATH = [dirname(nodeBinary), join(root, 'node_modules', '.bin'), env.PATH].join(':');
  return env;
}

function installWorkspaceIfStale(tools, env) {
  const lockfile = join(root, 'pnpm-lock.yaml');
  const stamp = join(root, 'node_modules', '.weft-installed');
  const lockTime = existsSync(lockfile) ? statSync(lockfile).mtimeMs : Infinity;
  const installedFrom = existsSync(stamp) ? readFileSync(stamp, 'utf8') : '';
  const lockContent = existsSync(lockfile) ? readFileSync(lockfile, 'utf8') : '';
  if (installedFrom === lockContent && lockTime !== Infinity) return;
  const frozen = process.env.CI ? ['--frozen-lockfile'] : [];
  runOrFail(tools.node, [tools.pnpmEntry, 'install', ...frozen], { cwd: root, env });
  writeFileSync(stamp, existsSync(lockfile) ? readFileSync(lockfile, 'utf8') : '');
}

const [mode, ...rest] = process.argv.slice(2);
if (mode !== 'run' && mode !== 'node') fail('usage: toolchain.mjs run <script> [args…] | node <file> [args…]');
const tools = provisionToolchain();
const env = toolchainEnv(tools.node);
installWorkspaceIfStale(tools, env);
const [command, args] = mode === 'run' ? [tools.node, [tools.pnpmEntry, 'run', '--silent', ...rest]] : [tools.node, rest];
const child = spawn(command, args, { stdio: 'inherit', cwd: root, env });
// Forward stop signals so `kill <pid of npm start>` shuts Weft down gracefully instead of orphaning it.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => fail(error.message));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
