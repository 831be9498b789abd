import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode } from '../../nodes/sdk/define-node.ts';
import type { JsonObject } from '../json.ts';
import type { NodeDefinition } from '../node-contract.ts';
import { flowOf, nodeOf } from '../testing/flow-builder.ts';
import { runFlow, stepOf, testEngine } from '../testing/test-engine.ts';

// demo.greet v1 took { message }; v2 splits it into { greeting, punctuation }.
const greetV1 = defineNode({
  type: 'demo.greet',
  typeVersion: 1,
  displayName: 'Greet',
  description: 'Says its message.',
  category: 'Demo',
  params: z.strictObject({ message: z.string() }),
  run: async ({ params }) => ({ output: { said: params.message, version: 1 } }),
});

const greetV2 = defineNode({
  type: 'demo.greet',
  typeVersion: 2,
  displayName: 'Greet',
  description: 'Says a greeting with punctuation.',
  category: 'Demo',
  params: z.strictObject({ greeting: z.string(), punctuation: z.enum(['.', '!']) }),
  migrations: [{ fromVersion: 1, up: ({ message, ...rest }) => ({ ...rest, greeting: message ?? '', punctuation: '!' }) }],
  run: async ({ params }) => ({ output: { said: `${params.greeting}${params.punctuation}`, version: 2 } }),
});

// demo.count v3 reaches back to v1 through v2: a flow at v1 goes through both steps.
const countV3 = defineNode({
  type: 'demo.count',
  typeVersion: 3,
  displayName: 'Count',
  description: 'Outputs its params.',
  category: 'Demo',
  params: z.strictObject({ from: z.int(), step: z.int() }),
  migrations: [
    { fromVersion: 2, up: (params) => ({ ...params, step: 1 }) },
    { fromVersion: 1, up: ({ start, ...rest }) => ({ ...rest, from: start ?? 0 }) },
  ],
  run: async ({ params }) => ({ output: params }),
});

// demo.strict v3 only migrates from v2: a v1 flow has no way forward.
const strictV3 = defineNode({
  type: 'demo.strict',
  typeVersion: 3,
  displayName: 'Strict',
  description: 'Outputs nothing.',
  category: 'Demo',
  params: z.strictObject({}),
  migrations: [
    {
      fromVersion: 2,
      up: (params) => {
        if (params.legacy === true) throw new Error('legacy mode is gone');
        return {};
      },
    },
  ],
  run: async () => ({ output: null }),
});

const start = nodeOf('start', 'core.manual');
const flowWith = (node: JsonObject) => flowOf([start, node], [`start.out->${String(node.id)}.in`]);

function engineWith(nodes: readonly NodeDefinition[]) {
  return testEngine({ nodes });
}

describe('flows pinned to an older node version', () => {
  const engine = engineWith([greetV2, countV3, strictV3]);
  const v1Flow = flowWith(nodeOf('greet', 'demo.greet', { message: '="hello " & $.name' }));

  it('validate without problems when the current version migrates from theirs, and keep the document as saved', () => {
    const validation = engine.validate(v1Flow);

    expect(validation.problems).toEqual([]);
    expect(validation.document?.nodes[1]).toMatchObject({ typeVersion: 1, params: { message: '="hello " & $.name' } });
  });

  it('plan with the newer definition and the migrated params', () => {
    const plan = engine.plan(v1Flow);

    const greet = plan.nodes.find((planned) => planned.node.id === 'greet');
    expect(greet?.definition).toBe(greetV2);
    expect(greet?.node).toMatchObject({ typeVersion: 2, params: { greeting: '="hello " & $.name', punctuation: '!' } });
  });

  it('run with the migrated params', async () => {
    const result = await runFlow(engine, v1Flow, { name: 'Ada' });

    expect(stepOf(result, 'greet')).toMatchObject({ status: 'succeeded', output: { said: 'hello Ada!', version: 2 } });
  });

  it('go through every step from their version to the current one, in order', () => {
    const plan = engine.plan(flowWith(nodeOf('count', 'demo.count', { start: 5 })));

    expect(plan.nodes.find((planned) => planned.node.id === 'count')?.node).toMatchObject({ typeVersion: 3, params: { from: 5, step: 1 } });
  });

  it('run with their own definition when the pack still registers it', async () => {
    const result = await runFlow(engineWith([greetV1, greetV2]), v1Flow, { name: 'Ada' });

    expect(stepOf(result, 'greet')).toMatchObject({ output: { said: 'hello Ada', version: 1 } });
  });

  it.each([
    {
      why: 'no installed version migrates from theirs',
      node: nodeOf('strict', 'demo.strict', {}, { typeVersion: 1 }),
      expected: { code: 'unknown_type_version', path: 'nodes[1].typeVersion', nodeId: 'strict' },
    },
    {
      why: 'the migration throws',
      node: nodeOf('strict', 'demo.strict', { legacy: true }, { typeVersion: 2 }),
      expected: { code: 'migration_failed', path: 'nodes[1].params', nodeId: 'strict' },
    },
    {
      why: 'the migrated params do not fit the current schema',
      node: nodeOf('greet', 'demo.greet', { message: 'hi', colour: 'red' }),
      expected: { code: 'unknown_field', path: 'nodes[1].params.colour', nodeId: 'greet' },
    },
  ])('report $expected.code at $expected.path when $why', ({ node, expected }) => {
    const { problems } = engine.validate(flowWith(node));

    expect(problems).toEqual([{ ...expected, message: expect.any(String) }]);
  });

  it('explain a missing migration path by the versions installed', () => {
    const { problems } = engine.validate(flowWith(nodeOf('strict', 'demo.strict', {}, { typeVersion: 1 })));

    expect(problems[0]?.message).toBe('"demo.strict" has no version 1 and no installed version migrates from it; installed versions: 3');
    expect(() => engine.plan(flowWith(nodeOf('strict', 'demo.strict')))).toThrow('the flow has 1 problem');
  });
});
