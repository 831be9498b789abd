import { createLiveNodeRegistry, type Logger, type NodeRegistry, silentLogger } from '@weft/engine';
import { registryOf } from '@weft/nodes';
import { type CredentialTypeRegistry, createCredentialTypeRegistry, type Pack } from '@weft/nodes/sdk';
import { type LoadedPacks, loadPacks, type PackStatus } from './load-packs.ts';
import { messageOf } from './pack-errors.ts';

/** The node packs a running Weft serves: the built-ins and the installed ones that loaded. */
export interface LivePacks {
  /** Their node definitions, always the current ones: the engine, the catalog and the flow starter hold this. */
  nodes: NodeRegistry;
  /** Their credential types, always the current ones. */
  credentialTypes: CredentialTypeRegistry;
  /** Every installed pack as last loaded: loaded, or failed and why. */
  statuses(): readonly PackStatus[];
  /**
   * Loads the packs directory again and serves what loaded from then on. Never rejects: a pack that
   * fails is reported and left out, and a directory that cannot be read at all leaves the packs
   * loaded before in service. Calls made while a load runs queue one more behind it.
   */
  reload(): Promise<void>;
}

export interface LivePacksOptions {
  packsDir: string;
  builtins: readonly Pack[];
  logger: Logger;
}

/** Loads the installed packs (each one logged) and returns them ready to be reloaded. */
export async function loadLivePacks(options: LivePacksOptions): Promise<LivePacks> {
  let current = await loadPacks(options);
  const nodes = createLiveNodeRegistry(registryOf([...options.builtins, ...current.packs]));
  let credentialTypes = credentialTypesOf([...options.builtins, ...current.packs]);
  let reloads = Promise.resolve();

  const reloadOnce = async () => {
    let next: LoadedPacks;
    let nextNodes: NodeRegistry;
    let nextCredentialTypes: CredentialTypeRegistry;
    try {
      next = await loadPacks({ ...options, logger: silentLogger });
      nextNodes = registryOf([...options.builtins, ...next.packs]);
      nextCredentialTypes = credentialTypesOf([...options.builtins, ...next.packs]);
    } catch (error) {
      options.logger.log('error', 'reloading node packs failed; the packs loaded before stay in service', { packsDir: options.packsDir, error: messageOf(error) });
      return;
    }
    logChanges(options.logger, current, next);
    current = next;
    nodes.replace(nextNodes);
    credentialTypes = nextCredentialTypes;
  };

  return {
    nodes,
    credentialTypes: { get: (id) => credentialTypes.get(id), all: () => credentialTypes.all() },
    statuses: () => current.statuses,
    reload() {
      reloads = reloads.then(reloadOnce);
      return reloads;
    },
  };
}

function credentialTypesOf(packs: readonly Pack[]): CredentialTypeRegistry {
  return createCredentialTypeRegistry(packs.flatMap((pack) => pack.credentials ?? []));
}

/** Logs what a reload changed, and only that: packs loaded anew, failed anew or removed. */
function logChanges(logger: Logger, before: LoadedPacks, after: LoadedPacks): void {
  const previous = new Map(before.statuses.map((status) => [status.name, status]));
  for (const status of after.statuses) {
    const was = previous.get(status.name);
    if (status.status === 'loaded') {
      const pack = after.packs.find((candidate) => candidate.id === status.packId);
      if (pack !== undefined && importedAnew(pack, before.packs)) logger.log('info', 'node pack loaded', { pack: status.name, version: status.version, nodes: status.nodes.length });
    } else if (was?.status !== 'failed' || was.version !== status.version || was.error?.message !== status.error?.message) {
      logger.log('error', 'node pack failed to load; Weft runs without it', { pack: status.name, code: status.error?.code, error: status.error?.message });
    }
  }
  const installed = new Set(after.statuses.map((status) => status.name));
  for (const status of before.statuses) if (!installed.has(status.name)) logger.log('info', 'node pack removed', { pack: status.name, version: status.version });
}

/** A pack imported afresh brings new functions; one whose files did not change comes back from Node's module cache with the same ones. */
function importedAnew(pack: Pack, before: readonly Pack[]): boolean {
  const old = before.find((candidate) => candidate.id === pack.id);
  return old === undefined || old.nodes.length !== pack.nodes.length || old.nodes.some((node, index) => node.run !== pack.nodes[index]?.run);
}
