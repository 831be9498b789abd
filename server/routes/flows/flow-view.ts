import type { FlowDocument, Problem } from '@weft/engine';
import type { FlowRecord } from '../../storage/flows-repo.ts';

/** The JSON a client sees for one flow. */
export function flowView(flow: FlowRecord, problems: Problem[]) {
  return {
    id: flow.id,
    name: flow.name,
    draftRevision: flow.draftRevision,
    publishedVersion: flow.publishedVersion,
    createdAt: flow.createdAt.toISOString(),
    updatedAt: flow.updatedAt.toISOString(),
    document: flow.draft,
    problems,
    requiredCredentials: requiredCredentials(flow.draft),
  };
}

/** Credentials a flow refers to; secrets never travel with a flow, so these must be connected here. */
export function requiredCredentials(document: FlowDocument) {
  return document.nodes.flatMap((node) =>
    Object.entries(node.credentials ?? {}).map(([slot, credentialId]) => ({ nodeId: node.id, slot, credentialId })),
  );
}
