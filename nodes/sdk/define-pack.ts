import type { NodeDefinition } from '@weft/engine';

/** The node SDK version a pack is built against; packs declare it in package.json under `weft.sdk`. */
export const SDK_API_VERSION = 1;

export interface Pack {
  id: string;
  displayName: string;
  nodes: readonly NodeDefinition[];
}

/** Declares a pack: an npm package's set of nodes. Built-in packs are declared the same way. */
export function definePack(pack: Pack): Pack {
  const foreign = pack.nodes.filter((node) => !node.type.startsWith(`${pack.id}.`));
  if (foreign.length > 0) {
    throw new Error(`pack ${pack.id} declares nodes outside its namespace: ${foreign.map((node) => node.type).join(', ')}`);
  }
  return Object.freeze({ id: pack.id, displayName: pack.displayName, nodes: Object.freeze([...pack.nodes]) });
}
