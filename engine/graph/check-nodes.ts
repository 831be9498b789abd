import { type CompiledExpression, ExpressionError, type ExpressionLimits, compileExpression } from '../expressions/expression.ts';
import { findExpressions } from '../expressions/template.ts';
import type { FlowDocument, FlowNode } from '../flow/schema.ts';
import type { NodeDefinition, NodeRegistry } from '../node-contract.ts';
import { checkCredentialSlots } from './check-credentials.ts';
import { type Problem, problem, problemsFromZod } from './problem.ts';
import { resolveNode } from './resolve-node.ts';

export interface NodeCheck {
  problems: Problem[];
  definitions: Map<string, NodeDefinition>;
  /** The document's nodes as they run: those pinned to a version reached only by migration carry migrated params. */
  nodes: FlowNode[];
}

/** Checks each node on its own: unique id, known type and version, params that fit the node's schema. */
export function checkNodes(document: FlowDocument, registry: NodeRegistry): NodeCheck {
  const problems: Problem[] = [];
  const definitions = new Map<string, NodeDefinition>();
  const seen = new Set<string>();
  const nodes = document.nodes.map((given, index) => {
    if (seen.has(given.id)) {
      problems.push(problem('duplicate_node_id', ['nodes', index, 'id'], `another node already has the id "${given.id}"`, given.id));
      return given;
    }
    seen.add(given.id);
    const resolution = resolveNode(registry, given, index);
    if ('problem' in resolution) {
      problems.push(resolution.problem);
      return given;
    }
    const { definition, node } = resolution;
    definitions.set(node.id, definition);
    problems.push(...checkCredentialSlots(node, definition, index));
    const parsed = definition.params.safeParse(node.params);
    if (parsed.success) return node;
    // An expression's value is known only at run time, when the step checks it again. Unknown keys
    // are never an expression's doing, even when an expression sits in the same object.
    const sites = findExpressions(node.params).map((site) => site.path);
    const issues = parsed.error.issues.filter(
      (issue) => issue.code === 'unrecognized_keys' || !sites.some((site) => overlaps(site, issue.path)),
    );
    problems.push(...problemsFromZod(issues, ['nodes', index, 'params'], 'invalid_params', node.id));
    return node;
  });
  if (!document.nodes.some((node) => definitions.get(node.id)?.trigger === true)) {
    problems.push(problem('missing_trigger', ['nodes'], 'the flow has no trigger: add a webhook, manual or schedule trigger', undefined));
  }
  return { problems, definitions, nodes };
}

function overlaps(site: readonly (string | number)[], issuePath: readonly PropertyKey[]): boolean {
  const shared = Math.min(site.length, issuePath.length);
  return site.slice(0, shared).every((segment, index) => String(segment) === String(issuePath[index]));
}

export interface ExpressionCheck {
  problems: Problem[];
  expressions: Map<string, CompiledExpression>;
}

/** Compiles every expression in every node's params once; syntax errors become problems. */
export function compileFlowExpressions(document: FlowDocument, limits: ExpressionLimits): ExpressionCheck {
  const problems: Problem[] = [];
  const expressions = new Map<string, CompiledExpression>();
  document.nodes.forEach((node, index) => {
    for (const site of findExpressions(node.params)) {
      if (expressions.has(site.source)) continue;
      try {
        expressions.set(site.source, compileExpression(site.source, limits));
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        problems.push(problem('invalid_expression', ['nodes', index, 'params', ...site.path], error.message, node.id));
      }
    }
  });
  return { problems, expressions };
}
