import type { FlowEdge } from '../flow/schema.ts';

export interface Cycle {
  /** The index in `edges` of an edge that closes the cycle. */
  edgeIndex: number;
  /** The node ids around the cycle, the first repeated at the end. */
  nodes: string[];
}

/** Finds every cycle closed by a back edge, by depth-first search. */
export function findCycles(nodeIds: readonly string[], edges: readonly FlowEdge[]): Cycle[] {
  const outgoing = outgoingEdges(nodeIds, edges);
  const state = new Map<string, 'visiting' | 'done'>();
  const trail: string[] = [];
  const cycles: Cycle[] = [];

  const visit = (nodeId: string): void => {
    state.set(nodeId, 'visiting');
    trail.push(nodeId);
    for (const edgeIndex of outgoing.get(nodeId) ?? []) {
      const next = edges[edgeIndex]?.to.node;
      if (next === undefined || !outgoing.has(next)) continue;
      if (state.get(next) === 'visiting') cycles.push({ edgeIndex, nodes: [...trail.slice(trail.indexOf(next)), next] });
      else if (!state.has(next)) visit(next);
    }
    trail.pop();
    state.set(nodeId, 'done');
  };
  for (const nodeId of nodeIds) if (!state.has(nodeId)) visit(nodeId);
  return cycles;
}

/**
 * Orders an acyclic graph so every node comes after all its upstream nodes; among nodes ready at
 * the same time, document order wins, so the order is stable.
 */
export function topologicalOrder(nodeIds: readonly string[], edges: readonly FlowEdge[]): string[] {
  const indegree = new Map(nodeIds.map((id) => [id, 0]));
  for (const edge of edges) indegree.set(edge.to.node, (indegree.get(edge.to.node) ?? 0) + 1);
  const outgoing = outgoingEdges(nodeIds, edges);
  const position = new Map(nodeIds.map((id, index) => [id, index]));
  const ready = nodeIds.filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
    const nodeId = ready.shift();
    if (nodeId === undefined) break;
    order.push(nodeId);
    for (const edgeIndex of outgoing.get(nodeId) ?? []) {
      const next = edges[edgeIndex]?.to.node;
      if (next === undefined) continue;
      const remaining = (indegree.get(next) ?? 0) - 1;
      indegree.set(next, remaining);
      if (remaining === 0) ready.push(next);
    }
  }
  return order;
}

function outgoingEdges(nodeIds: readonly string[], edges: readonly FlowEdge[]): Map<string, number[]> {
  const outgoing = new Map<string, number[]>(nodeIds.map((id) => [id, []]));
  edges.forEach((edge, index) => outgoing.get(edge.from.node)?.push(index));
  return outgoing;
}
