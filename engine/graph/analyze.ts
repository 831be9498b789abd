import type { CompiledExpression, ExpressionLimits } from '../expressions/expression.ts';
import { type FlowDocument, flowDocumentSchema } from '../flow/schema.ts';
import type { NodeDefinition, NodeRegistry } from '../node-contract.ts';
import { checkEdges } from './check-edges.ts';
import { checkLoops } from './loop-bodies.ts';
import { checkNodes, compileFlowExpressions } from './check-nodes.ts';
import { type Problem, problemsFromZod } from './problem.ts';

export interface FlowAnalysis {
  /** The parsed document (defaults filled in), when its shape is valid. */
  document: FlowDocument | undefined;
  /**
   * The document as it runs: nodes pinned to a version that only a newer version's migrations
   * reach are pinned to that version, with their params carried forward.
   */
  runnable: FlowDocument | undefined;
  problems: Problem[];
  definitions: Map<string, NodeDefinition>;
  expressions: Map<string, CompiledExpression>;
}

/**
 * Reads a flow document and reports every problem at once: its shape first; when the shape is
 * sound, its nodes, params, expressions and edges.
 */
export function analyzeFlow(input: unknown, registry: NodeRegistry, limits: ExpressionLimits): FlowAnalysis {
  const parsed = flowDocumentSchema.safeParse(input);
  if (!parsed.success) {
    const problems = problemsFromZod(parsed.error.issues, [], 'invalid_field');
    return { document: undefined, runnable: undefined, problems, definitions: new Map(), expressions: new Map() };
  }
  const document = parsed.data;
  const nodes = checkNodes(document, registry);
  const runnable = { ...document, nodes: nodes.nodes };
  const compiled = compileFlowExpressions(runnable, limits);
  const edgeProblems = [...checkEdges(runnable, nodes.definitions), ...checkLoops(runnable, nodes.definitions)];
  return {
    document,
    runnable,
    problems: [...nodes.problems, ...compiled.problems, ...edgeProblems],
    definitions: nodes.definitions,
    expressions: compiled.expressions,
  };
}
