import type { NodeDefinition } from '@weft/engine';
import type { CredentialType } from './define-credential.ts';

/** The node SDK version a pack is built against; packs declare it in package.json under `weft.sdk`. */
export const SDK_API_VERSION = 1;

export interface Pack {
  id: string;
  displayName: string;
  nodes: readonly NodeDefinition[];
  /** Credential types the pack's nodes use; ids share the pack's namespace. */
  credentials?: readonly CredentialType[];
}

/** Declares a pack: an npm package's set of nodes. Built-in packs are declared the same way. */
export function definePack(pack: Pack): Pack {
  const foreign = pack.nodes.filter((node) => !node.type.startsWith(`${pack.id}.`));
  if (foreign.length > 0) {
    throw new Error(`pack ${pack.id} declares nodes outside its namespace: ${foreign.map((node) => node.type).join(', ')}`);
  }
  const foreignCredentials = (pack.credentials ?? []).filter((type) => !type.id.startsWith(`${pack.id}.`));
  if (foreignCredentials.length > 0) {
    throw new Error(`pack ${pack.id} declares credential types outside its namespace: ${foreignCredentials.map((type) => type.id).join(', ')}`);
  }
  return Object.freeze({
    id: pack.id,
    displayName: pack.displayName,
    nodes: Object.freeze([...pack.nodes]),
    credentials: Object.freeze([...(pack.credentials ?? [])]),
  });
}
