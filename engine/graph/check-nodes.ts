import { type CompiledExpression, ExpressionError, type ExpressionLimits, compileExpression } from '../expressions/expression.ts';
import { findExpressions } from '../expressions/template.ts';
import type { FlowDocument } from '../flow/schema.ts';
import type { NodeDefinition, NodeRegistry } from '../node-contract.ts';
import { checkCredentialSlots } from './check-credentials.ts';
import { type Problem, problem, problemsFromZod } from './problem.ts';

export interface NodeCheck {
  problems: Problem[];
  definitions: Map<string, NodeDefinition>;
}

/** Checks each node on its own: unique id, known type and version, params that fit the node's schema. */
export function checkNodes(document: FlowDocument, registry: NodeRegistry): NodeCheck {
  const problems: Problem[] = [];
  const definitions = new Map<string, NodeDefinition>();
  const seen = new Set<string>();
  document.nodes.forEach((node, index) => {
    if (seen.has(node.id)) {
      problems.push(problem('duplicate_node_id', ['nodes', index, 'id'], `another node already has the id "${node.id}"`, node.id));
      return;
    }
    seen.add(node.id);
    const definition = registry.get(node.type, node.typeVersion);
    if (definition === undefined) {
      problems.push(unknownTypeProblem(registry, node.type, node.typeVersion, index, node.id));
      return;
    }
    definitions.set(node.id, definition);
    problems.push(...checkCredentialSlots(node, definition, index));
    const parsed = definition.params.safeParse(node.params);
    if (parsed.success) return;
    // An expression's value is known only at run time, when the step checks it again. Unknown keys
    // are never an expression's doing, even when an expression sits in the same object.
    const sites = findExpressions(node.params).map((site) => site.path);
    const issues = parsed.error.issues.filter(
      (issue) => issue.code === 'unrecognized_keys' || !sites.some((site) => overlaps(site, issue.path)),
    );
    problems.push(...problemsFromZod(issues, ['nodes', index, 'params'], 'invalid_params', node.id));
  });
  if (!document.nodes.some((node) => definitions.get(node.id)?.trigger === true)) {
    problems.push(problem('missing_trigger', ['nodes'], 'the flow has no trigger: add a webhook, manual or schedule trigger', undefined));
  }
  return { problems, definitions };
}

function overlaps(site: readonly (string | number)[], issuePath: readonly PropertyKey[]): boolean {
  const shared = Math.min(site.length, issuePath.length);
  return site.slice(0, shared).every((segment, index) => String(segment) === String(issuePath[index]));
}

function unknownTypeProblem(registry: NodeRegistry, type: string, typeVersion: number, index: number, nodeId: string): Problem {
  const versions = registry.versionsOf(type);
  if (versions.length === 0) {
    return problem('unknown_node_type', ['nodes', index, 'type'], `no installed pack provides the node type "${type}"`, nodeId);
  }
  return problem(
    'unknown_type_version',
    ['nodes', index, 'typeVersion'],
    `"${type}" has no version ${typeVersion}; installed versions: ${versions.join(', ')}`,
    nodeId,
  );
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
