import { z } from 'zod';
import type { FlowNode } from '../flow/schema.ts';
import { jsonSchema } from '../json.ts';
import type { NodeDefinition, NodeRegistry } from '../node-contract.ts';
import { type Problem, problem } from './problem.ts';

const migratedParamsSchema = z.record(z.string(), jsonSchema);

export type NodeResolution = { definition: NodeDefinition; node: FlowNode } | { problem: Problem };

/**
 * The definition a flow node runs with: the one for its pinned version, or else the newest one whose
 * migrations reach back to that version. A migrated node comes back pinned to the newer version,
 * with its params carried forward, so everything after this reads it as if it had been saved so.
 */
export function resolveNode(registry: NodeRegistry, node: FlowNode, index: number): NodeResolution {
  const exact = registry.get(node.type, node.typeVersion);
  if (exact !== undefined) return { definition: exact, node };
  const versions = registry.versionsOf(node.type);
  if (versions.length === 0) {
    return { problem: problem('unknown_node_type', ['nodes', index, 'type'], `no installed pack provides the node type "${node.type}"`, node.id) };
  }
  const target = versions
    .filter((version) => version > node.typeVersion)
    .map((version) => registry.get(node.type, version))
    .findLast((definition) => definition !== undefined && migratesFrom(definition, node.typeVersion));
  if (target === undefined) {
    const message = `"${node.type}" has no version ${node.typeVersion} and no installed version migrates from it; installed versions: ${versions.join(', ')}`;
    return { problem: problem('unknown_type_version', ['nodes', index, 'typeVersion'], message, node.id) };
  }
  try {
    return { definition: target, node: { ...node, typeVersion: target.typeVersion, params: migrateParams(target, node.typeVersion, node.params) } };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const message = `carrying the params of "${node.type}" from version ${node.typeVersion} to ${target.typeVersion} failed: ${reason}`;
    return { problem: problem('migration_failed', ['nodes', index, 'params'], message, node.id) };
  }
}

/** Whether the definition's migrations carry params forward from `typeVersion`. */
function migratesFrom(definition: NodeDefinition, typeVersion: number): boolean {
  return (definition.migrations ?? []).some((migration) => migration.fromVersion === typeVersion);
}

function migrateParams(definition: NodeDefinition, fromVersion: number, params: FlowNode['params']): FlowNode['params'] {
  let current = params;
  // defineNode checks the steps are consecutive, so those from this version on lead to the definition's.
  const steps = (definition.migrations ?? []).filter((migration) => migration.fromVersion >= fromVersion);
  for (const migration of steps.toSorted((a, b) => a.fromVersion - b.fromVersion)) {
    const migrated = migratedParamsSchema.safeParse(migration.up(structuredClone(current)));
    if (!migrated.success) throw new Error(`the step from version ${migration.fromVersion} did not return params as a JSON object`);
    current = migrated.data;
  }
  return current;
}
