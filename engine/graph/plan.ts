import { ValidationError } from '../errors.ts';
import type { CompiledExpression, ExpressionLimits } from '../expressions/expression.ts';
import type { FlowDocument, FlowEdge, FlowNode } from '../flow/schema.ts';
import type { NodeDefinition, NodeRegistry } from '../node-contract.ts';
import { analyzeFlow } from './analyze.ts';
import { topologicalOrder } from './topology.ts';

export interface PlannedNode {
  node: FlowNode;
  definition: NodeDefinition;
  incoming: FlowEdge[];
}

/** A validated flow, ready to run many times: nodes in run order, every expression compiled. */
export interface FlowPlan {
  document: FlowDocument;
  nodes: PlannedNode[];
  expressions: ReadonlyMap<string, CompiledExpression>;
}

/** Plans a flow, or throws a ValidationError (`invalid_flow`) listing every problem. */
export function planFlow(input: unknown, registry: NodeRegistry, limits: ExpressionLimits): FlowPlan {
  const analysis = analyzeFlow(input, registry, limits);
  const document = analysis.document;
  if (document === undefined || analysis.problems.length > 0) {
    const count = analysis.problems.length;
    throw new ValidationError('invalid_flow', `the flow has ${count} problem${count === 1 ? '' : 's'}`, {
      details: { problems: analysis.problems.map((item) => ({ ...item })) },
    });
  }
  const byId = new Map(document.nodes.map((node) => [node.id, node]));
  const order = topologicalOrder(
    document.nodes.map((node) => node.id),
    document.edges,
  );
  const nodes = order.map((nodeId): PlannedNode => {
    const node = byId.get(nodeId);
    const definition = analysis.definitions.get(nodeId);
    if (node === undefined || definition === undefined) throw new Error(`planned node ${nodeId} vanished`);
    return { node, definition, incoming: document.edges.filter((edge) => edge.to.node === nodeId) };
  });
  return { document, nodes, expressions: analysis.expressions };
}
