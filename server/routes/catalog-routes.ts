import type { NodeDefinition } from '@weft/engine';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';

/** The node catalog the editor builds its palette and forms from. */
export function registerCatalogRoutes(app: FastifyInstance, context: AppContext): void {
  app.get('/api/nodes', async () => {
    const definitions = context.engine.registry.all();
    const latest = new Map<string, number>();
    for (const node of definitions) latest.set(node.type, Math.max(latest.get(node.type) ?? 0, node.typeVersion));
    return { nodes: definitions.map((node) => catalogEntry(node, latest.get(node.type) === node.typeVersion)) };
  });
}

function catalogEntry(node: NodeDefinition, isLatest: boolean) {
  return {
    type: node.type,
    typeVersion: node.typeVersion,
    latest: isLatest,
    /** Older versions whose flows this definition runs, their params carried forward by its migrations. */
    migratesFrom: (node.migrations ?? []).map((migration) => migration.fromVersion),
    displayName: node.displayName,
    description: node.description,
    category: node.category,
    icon: node.icon ?? null,
    trigger: node.trigger,
    inputs: node.inputs,
    outputs: node.outputs,
    /** Join nodes accept several incoming branches at once (core.merge); others fail when two arrive together. */
    joinsBranches: node.joinsBranches === true,
    /** The node reaches outside the execution (HTTP calls, published events): trying the draft on past events shows it instead of sending. */
    sideEffects: node.sideEffects === true,
    /** Credential slots: which credential types each accepts, and whether the node can run without one. */
    credentials: node.credentials ?? {},
    paramsSchema: z.toJSONSchema(node.params, { io: 'input', unrepresentable: 'any' }),
    sample: node.sample ?? null,
  };
}
