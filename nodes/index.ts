import { createNodeRegistry, type NodeRegistry } from '@weft/engine';
import { pack as corePack } from './core/index.ts';
import type { Pack } from './sdk/index.ts';

export { type WebhookParams, webhookParams } from './core/index.ts';

/** Packs that ship with Weft. */
export const builtinPacks: readonly Pack[] = [corePack];

export function registryOf(packs: readonly Pack[]): NodeRegistry {
  return createNodeRegistry(packs.flatMap((pack) => pack.nodes));
}
