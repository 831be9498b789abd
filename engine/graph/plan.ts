import { ValidationError } from '../errors.ts';
import type { CompiledExpression, ExpressionLimits } from '../expressions/expression.ts';
import type { FlowDocument, FlowEdge, FlowNode } from '../flow/schema.ts';
import type { NodeDefinition, NodeRegistry } from '../node-contract.ts';
import { analyzeFlow } from './analyze.ts';
import { loopBodies } from './loop-bodies.ts';
import { topologicalOrder } from './topology.ts';

export interface PlannedNode {
  node: FlowNode;
  definition: NodeDefinition;
  incoming: FlowEdge[];
  /** For a loop node: its body, in run order. */
  body?: PlannedNode[];
  /** For a node in a loop's body: that loop's id (the loop runs it, once per item). */
  inLoop?: string;
}

/** A validated flow, ready to run many times: nodes in run order, every expression compiled. */
export interface FlowPlan {
  /** The document as it runs: a node saved with an older version, carried forward by migrations, holds the newer one. */
  document: FlowDocument;
  nodes: PlannedNode[];
  expressions: ReadonlyMap<string, CompiledExpression>;
}

/** Plans a flow, or throws a ValidationError (`invalid_flow`) listing every problem. */
export function planFlow(input: unknown, registry: NodeRegistry, limits: ExpressionLimits): FlowPlan {
  const analysis = analyzeFlow(input, registry, limits);
  const document = analysis.runnable;
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
  const bodies = loopBodies(document, analysis.definitions);
  const loopOf = new Map([...bodies].flatMap(([loopId, body]) => [...body].map((nodeId) => [nodeId, loopId] as const)));
  const nodes = order.map((nodeId): PlannedNode => {
    const node = byId.get(nodeId);
    const definition = analysis.definitions.get(nodeId);
    if (node === undefined || definition === undefined) throw new Error(`planned node ${nodeId} vanished`);
    const inLoop = loopOf.get(nodeId);
    return { node, definition, incoming: document.edges.filter((edge) => edge.to.node === nodeId), ...(inLoop === undefined ? {} : { inLoop }) };
  });
  for (const planned of nodes) {
    if (bodies.has(planned.node.id)) planned.body = nodes.filter((candidate) => candidate.inLoop === planned.node.id);
  }
  return { document, nodes, expressions: analysis.expressions };
}
