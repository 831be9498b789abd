import { builtinPacks } from '@weft/nodes';
import { silentLogger } from '@weft/engine';
import { loadConfig } from '../config.ts';
import { installPack, removePack } from './install-pack.ts';
import { loadPacks, type PackStatus } from './load-packs.ts';
import { PackError } from './pack-errors.ts';
import { scaffoldPack } from './scaffold-pack.ts';
import { testPack } from './test-pack.ts';

export interface Terminal {
  stdout(line: string): void;
  stderr(line: string): void;
}

export const packUsage = `  weft pack install <npm name | tarball | folder>
                                              install a node pack into WEFT_PACKS_DIR (checked; undone if it does not load)
  weft pack list                              list installed packs: loaded, or failed and why
  weft pack remove <name>                     uninstall a pack
  weft pack new <name> [--dir <parent>]       scaffold a pack folder (example node, test, example flow, README)
  weft pack test [folder]                     run a pack's tests with the SDK Weft provides`;

/** `weft pack …`; returns the exit code, or undefined when the arguments are not a pack command. */
export async function packCommand(args: readonly string[], environment: Record<string, string | undefined>, terminal: Terminal): Promise<number | undefined> {
  const [action, ...rest] = args;
  try {
    if (action === 'new' && rest[0] !== undefined && (rest.length === 1 || (rest.length === 3 && rest[1] === '--dir'))) {
      const directory = scaffoldPack({ name: rest[0], parentDir: rest[2] ?? process.cwd() });
      terminal.stdout(`created ${directory}\n  test it:    weft pack test ${directory}\n  install it: weft pack install ${directory}`);
      return 0;
    }
    if (action === 'test' && rest.length <= 1) {
      return await testPack({ directory: rest[0] ?? process.cwd(), onOutput: (chunk) => process.stdout.write(chunk) });
    }
    const { packsDir } = loadConfig(environment);
    if (action === 'install' && rest.length === 1 && rest[0] !== undefined) {
      const statuses = await installPack({ packsDir, spec: rest[0], builtins: builtinPacks });
      if (statuses.length === 0) terminal.stdout(`${rest[0]} was already installed; nothing changed`);
      for (const status of statuses) terminal.stdout(`installed ${describe(status)}\na running Weft on this packs directory loads it within seconds`);
      return 0;
    }
    if (action === 'remove' && rest.length === 1 && rest[0] !== undefined) {
      await removePack({ packsDir, name: rest[0] });
      terminal.stdout(`removed ${rest[0]}; a running Weft on this packs directory drops it within seconds`);
      return 0;
    }
    if (action === 'list' && rest.length === 0) {
      const { statuses } = await loadPacks({ packsDir, builtins: builtinPacks, logger: silentLogger });
      if (statuses.length === 0) terminal.stdout(`no packs installed in ${packsDir}`);
      for (const status of statuses) terminal.stdout(describe(status));
      return statuses.some((status) => status.status === 'failed') ? 1 : 0;
    }
  } catch (error) {
    if (!(error instanceof PackError)) throw error;
    terminal.stderr(`${error.code}: ${error.message}`);
    return 1;
  }
  return undefined;
}

function describe(status: PackStatus): string {
  const title = `${status.name}@${status.version ?? '?'}`;
  if (status.status === 'failed') return `${title}  failed  ${status.error?.code ?? ''}: ${status.error?.message ?? ''}`;
  return `${title}  loaded  ${status.nodes.map((node) => `${node.type}@${node.typeVersion}`).join(', ')}`;
}
