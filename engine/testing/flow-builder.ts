import type { JsonObject } from '../json.ts';

// Terse builders for flow documents in tests. They return plain JSON, not typed documents, so a
// test can hand the engine exactly the (possibly broken) document it means to.

/** A node with typeVersion 1 unless `extra` says otherwise. */
export function nodeOf(id: string, type: string, params: JsonObject = {}, extra: JsonObject = {}): JsonObject {
  return { id, type, typeVersion: 1, params, ...extra };
}

/** An edge from `'a.out->b.in'`. */
export function edgeOf(spec: string): JsonObject {
  const match = /^(\w+)\.(\w+)\s*->\s*(\w+)\.(\w+)$/.exec(spec);
  if (match === null) throw new Error(`edge "${spec}" is not written as from.port->to.port`);
  const [, fromNode = '', fromPort = '', toNode = '', toPort = ''] = match;
  return { from: { node: fromNode, port: fromPort }, to: { node: toNode, port: toPort } };
}

/** A flow document around the given nodes and edges (edges as `'a.out->b.in'` or as objects). */
export function flowOf(nodes: JsonObject[], edges: (string | JsonObject)[] = [], extra: JsonObject = {}): JsonObject {
  return {
    formatVersion: 1,
    id: 'test-flow',
    name: 'Test flow',
    nodes,
    edges: edges.map((edge) => (typeof edge === 'string' ? edgeOf(edge) : edge)),
    ...extra,
  };
}
