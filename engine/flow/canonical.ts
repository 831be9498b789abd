import type { Json, JsonObject } from '../json.ts';
import type { FlowDocument, FlowEdge, FlowNode } from './schema.ts';

/**
 * Rebuilds a parsed flow document in one fixed shape: keys in a fixed order (params sorted by
 * name), edges sorted, absent optionals left out. Two exports of the same flow are byte-identical,
 * so flows diff cleanly in git and import → export → import is stable.
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
    params: sortKeys(node.params),
    ...(node.credentials === undefined ? {} : { credentials: sortKeys(node.credentials) }),
    ...(node.position === undefined ? {} : { position: { x: node.position.x, y: node.position.y } }),
    ...(node.notes === undefined ? {} : { notes: node.notes }),
  };
}

function canonicalEdge(edge: FlowEdge): FlowEdge {
  return { from: { node: edge.from.node, port: edge.from.port }, to: { node: edge.to.node, port: edge.to.port } };
}

function compareEdges(a: FlowEdge, b: FlowEdge): number {
  const key = (edge: FlowEdge) => [edge.from.node, edge.from.port, edge.to.node, edge.to.port].join('\u0000');
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

function sortKeys<T extends Record<string, Json>>(object: T): T;
function sortKeys(value: Json): Json;
function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: JsonObject = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key] ?? null);
  return sorted;
}
