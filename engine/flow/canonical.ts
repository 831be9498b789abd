import type { FlowDocument, FlowEdge, FlowNode, RetryPolicy } from './schema.ts';

/**
 * Rebuilds a parsed flow document in one fixed shape: the format's own keys in a fixed order,
 * edges sorted, absent optionals left out. Inside params the author's key order is kept (a
 * response body or mapping template reads as written). Exporting the same flow twice gives the
 * same bytes, so flows diff cleanly in git and import → export → import is stable.
 */
export function canonicalFlow(document: FlowDocument): FlowDocument {
  return {
    formatVersion: document.formatVersion,
    id: document.id,
    name: document.name,
    description: document.description,
    nodes: document.nodes.map(canonicalNode),
    edges: [...document.edges].map(canonicalEdge).sort(compareEdges),
    settings: {
      timeoutMs: document.settings.timeoutMs,
      concurrency: document.settings.concurrency,
      ...(document.settings.errorFlowId === undefined ? {} : { errorFlowId: document.settings.errorFlowId }),
    },
  };
}

/** The exported text of a flow: canonical, two-space indented, newline-terminated. */
export function serializeFlow(document: FlowDocument): string {
  return `${JSON.stringify(canonicalFlow(document), null, 2)}\n`;
}

function canonicalNode(node: FlowNode): FlowNode {
  return {
    id: node.id,
    type: node.type,
    typeVersion: node.typeVersion,
    ...(node.name === undefined ? {} : { name: node.name }),
    params: node.params,
    ...(node.credentials === undefined ? {} : { credentials: node.credentials }),
    ...(node.retry === undefined ? {} : { retry: canonicalRetry(node.retry) }),
    ...(node.position === undefined ? {} : { position: { x: node.position.x, y: node.position.y } }),
    ...(node.notes === undefined ? {} : { notes: node.notes }),
  };
}

function canonicalRetry(retry: RetryPolicy): RetryPolicy {
  return {
    maxAttempts: retry.maxAttempts,
    backoff: retry.backoff,
    delayMs: retry.delayMs,
    maxDelayMs: retry.maxDelayMs,
    jitter: retry.jitter,
    retryOn: retry.retryOn,
  };
}

function canonicalEdge(edge: FlowEdge): FlowEdge {
  return { from: { node: edge.from.node, port: edge.from.port }, to: { node: edge.to.node, port: edge.to.port } };
}

function compareEdges(a: FlowEdge, b: FlowEdge): number {
  const key = (edge: FlowEdge) => [edge.from.node, edge.from.port, edge.to.node, edge.to.port].join('\u0000');
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}
