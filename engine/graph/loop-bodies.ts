import type { FlowDocument } from '../flow/schema.ts';
import type { NodeDefinition } from '../node-contract.ts';
import { type Problem, problem } from './problem.ts';

/**
 * Each loop node's body: every node reachable from its body port. The body runs once per item,
 * so it must be entered only through that port; what comes after the loop hangs off its "done"
 * port and receives the collected results.
 */
export function loopBodies(document: FlowDocument, definitions: ReadonlyMap<string, NodeDefinition>): Map<string, Set<string>> {
  const bodies = new Map<string, Set<string>>();
  for (const node of document.nodes) {
    const loop = definitions.get(node.id)?.loop;
    if (loop === undefined) continue;
    const body = new Set<string>();
    const pending = document.edges.filter((edge) => edge.from.node === node.id && edge.from.port === loop.bodyPort).map((edge) => edge.to.node);
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      if (body.has(next) || next === node.id) continue;
      body.add(next);
      for (const edge of document.edges) if (edge.from.node === next) pending.push(edge.to.node);
    }
    bodies.set(node.id, body);
  }
  return bodies;
}

/** Problems with loop bodies: entered other than through the loop's body port, or holding another loop. */
export function checkLoops(document: FlowDocument, definitions: ReadonlyMap<string, NodeDefinition>): Problem[] {
  const problems: Problem[] = [];
  for (const [loopId, body] of loopBodies(document, definitions)) {
    const bodyPort = definitions.get(loopId)?.loop?.bodyPort;
    document.edges.forEach((edge, index) => {
      const fromBody = body.has(edge.from.node);
      const toBody = body.has(edge.to.node);
      const throughBodyPort = edge.from.node === loopId && edge.from.port === bodyPort;
      if (toBody && !fromBody && !throughBodyPort) {
        problems.push(
          problem('loop_entered_from_outside', ['edges', index], `"${edge.to.node}" runs once per item of loop "${loopId}"; it can only be reached through the loop's ${bodyPort} port`, edge.to.node),
        );
      }
    });
    for (const nodeId of body) {
      if (definitions.get(nodeId)?.loop === undefined) continue;
      const index = document.nodes.findIndex((node) => node.id === nodeId);
      problems.push(
        problem('nested_loop', ['nodes', index], `loop "${nodeId}" sits inside loop "${loopId}"; loops cannot nest yet: call a flow with its own loop instead`, nodeId),
      );
    }
  }
  return problems;
}
