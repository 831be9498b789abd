import type { FlowDocument, Json } from '../api/types.ts';
import { weftApi } from '../api/weft-api.ts';

/** One step of a flow's draft that refers to a credential. */
export interface CredentialUse {
  flowId: string;
  flowName: string;
  nodeId: string;
}

/**
 * Which steps of which flows' drafts refer to each credential, by credential id. The API has no
 * such listing, so this reads every flow: a step's credential slots, and any param holding the id
 * (a webhook's signature secret names its credential there).
 */
export async function loadCredentialUses(knownIds: ReadonlySet<string>): Promise<Map<string, CredentialUse[]>> {
  const summaries = await weftApi.listFlows();
  const flows = await Promise.all(summaries.map((summary) => weftApi.getFlow(summary.id)));
  const uses = new Map<string, CredentialUse[]>();
  for (const flow of flows) {
    for (const [credentialId, nodeId] of referencesOf(flow.document, knownIds)) {
      uses.set(credentialId, [...(uses.get(credentialId) ?? []), { flowId: flow.id, flowName: flow.name, nodeId }]);
    }
  }
  return uses;
}

/** [credential id, node id] pairs; a param string counts when it is exactly a known credential's id. */
function referencesOf(document: FlowDocument, knownIds: ReadonlySet<string>): [string, string][] {
  return document.nodes.flatMap((node) => {
    const ids = new Set([...Object.values(node.credentials ?? {}), ...stringsIn(node.params).filter((text) => knownIds.has(text))]);
    return [...ids].map((id): [string, string] => [id, node.id]);
  });
}

function stringsIn(value: Json): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return (Array.isArray(value) ? value : Object.values(value)).flatMap(stringsIn);
}
