import type { FlowDocument } from '../flow/schema.ts';
import type { NodeDefinition } from '../node-contract.ts';
import { type Problem, problem } from './problem.ts';
import { findCycles } from './topology.ts';

/** Checks that every edge joins existing ports, none repeats, and the graph has no cycle. */
export function checkEdges(document: FlowDocument, definitions: ReadonlyMap<string, NodeDefinition>): Problem[] {
  const problems: Problem[] = [];
  const nodeIds = new Set(document.nodes.map((node) => node.id));
  const seen = new Set<string>();
  document.edges.forEach((edge, index) => {
    const key = `${edge.from.node}.${edge.from.port}->${edge.to.node}.${edge.to.port}`;
    if (seen.has(key)) problems.push(problem('duplicate_edge', ['edges', index], `the edge ${key} appears twice`));
    seen.add(key);
    for (const end of ['from', 'to'] as const) {
      const { node, port } = edge[end];
      if (!nodeIds.has(node)) {
        problems.push(problem('edge_unknown_node', ['edges', index, end, 'node'], `no node has the id "${node}"`));
        continue;
      }
      const definition = definitions.get(node);
      if (definition === undefined) continue;
      const ports = end === 'from' ? definition.outputs : definition.inputs;
      if (!ports.includes(port)) {
        const kind = end === 'from' ? 'output' : 'input';
        const known = ports.length === 0 ? `it has no ${kind} ports` : `its ${kind} ports are: ${ports.join(', ')}`;
        problems.push(problem('edge_unknown_port', ['edges', index, end, 'port'], `${definition.type} has no ${kind} port "${port}"; ${known}`, node));
      }
    }
  });
  for (const cycle of findCycles([...nodeIds], document.edges)) {
    problems.push(
      problem('cycle', ['edges', cycle.edgeIndex], `this edge closes a cycle ${cycle.nodes.join(' → ')}; use a loop node instead of an edge back`),
    );
  }
  return problems;
}
