import { describe, expect, it } from 'vitest';
import { builtinPacks } from '../nodes/index.ts';
import { createEngine } from './engine.ts';
import { createLiveNodeRegistry } from './live-node-registry.ts';
import { createNodeRegistry, type NodeDefinition } from './node-contract.ts';
import { silentLogger, systemClock, unavailableCode } from './ports.ts';
import { flowOf, nodeOf } from './testing/flow-builder.ts';

const builtins = builtinPacks.flatMap((pack) => pack.nodes);
const shape = builtins.find((node) => node.type === 'core.map');
if (shape === undefined) throw new Error('core.map is a built-in node');
const packNode: NodeDefinition = { ...shape, type: 'acme.shape' };
const flow = flowOf([nodeOf('start', 'core.manual'), nodeOf('shape', 'acme.shape', { output: '=$.a' })], ['start.out->shape.in']);

function engineWithPack() {
  const registry = createLiveNodeRegistry(createNodeRegistry([...builtins, packNode]));
  const engine = createEngine({
    registry,
    ports: { http: { request: async () => Promise.reject(new Error('no network')) }, clock: systemClock, logger: silentLogger, code: unavailableCode },
  });
  return { registry, engine };
}

describe('a live node registry', () => {
  it('answers from the definitions it was last given', () => {
    const { registry } = engineWithPack();
    expect(registry.get('acme.shape', 1)).toBe(packNode);

    registry.replace(createNodeRegistry(builtins));

    expect(registry.get('acme.shape', 1)).toBeUndefined();
    expect(registry.versionsOf('acme.shape')).toEqual([]);
    expect(registry.all().map((node) => node.type)).not.toContain('acme.shape');
    expect(registry.generation).toBe(1);
  });

  it('makes the engine drop plans built with definitions that were replaced', () => {
    const { registry, engine } = engineWithPack();
    const planned = engine.plan(flow, 'flow@1');
    expect(engine.cachedPlan('flow@1')).toBe(planned);

    const upgraded: NodeDefinition = { ...packNode, description: 'Upgraded.' };
    registry.replace(createNodeRegistry([...builtins, upgraded]));

    expect(engine.cachedPlan('flow@1')).toBeUndefined();
    expect(engine.plan(flow, 'flow@1').nodes.find((node) => node.node.id === 'shape')?.definition).toBe(upgraded);
  });

  it('refuses to plan a flow whose node type went away, naming the node and the type', () => {
    const { registry, engine } = engineWithPack();
    engine.plan(flow, 'flow@1');

    registry.replace(createNodeRegistry(builtins));

    expect(() => engine.plan(flow, 'flow@1')).toThrow(
      expect.objectContaining({
        code: 'invalid_flow',
        details: { problems: [expect.objectContaining({ code: 'unknown_node_type', nodeId: 'shape', message: 'no installed pack provides the node type "acme.shape"' })] },
      }),
    );
  });
});
