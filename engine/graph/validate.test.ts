import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.ts';
import type { JsonObject } from '../json.ts';
import { edgeOf, flowOf, nodeOf } from '../testing/flow-builder.ts';
import { testEngine } from '../testing/test-engine.ts';

const engine = testEngine();

const start = nodeOf('start', 'core.manual');
const shape = nodeOf('shape', 'core.map', { output: '=$.order' });
const reply = nodeOf('reply', 'core.respond', { body: '=$' });
const validEdges = ['start.out->shape.in', 'shape.out->reply.in'];

interface ProblemCase {
  why: string;
  document: JsonObject;
  expected: { code: string; path: string; nodeId?: string };
}

const problemCases: ProblemCase[] = [
  {
    why: 'a value of the wrong type',
    document: flowOf([start, { ...shape, typeVersion: 'one' }], validEdges.slice(0, 1)),
    expected: { code: 'invalid_field', path: 'nodes[1].typeVersion' },
  },
  {
    why: 'a node id that is not an identifier',
    document: flowOf([start, { ...shape, id: 'shape-it' }]),
    expected: { code: 'invalid_field', path: 'nodes[1].id' },
  },
  {
    why: 'an edge without its target',
    document: flowOf([start, shape], [{ from: { node: 'start', port: 'out' } }]),
    expected: { code: 'invalid_field', path: 'edges[0].to' },
  },
  {
    why: 'an unknown field on a node',
    document: flowOf([start, { ...shape, colour: 'red' }], validEdges.slice(0, 1)),
    expected: { code: 'unknown_field', path: 'nodes[1].colour' },
  },
  {
    why: 'an unknown field at the top level',
    document: flowOf([start], [], { tags: ['x'] }),
    expected: { code: 'unknown_field', path: 'tags' },
  },
  {
    why: 'two nodes with one id',
    document: flowOf([start, shape, nodeOf('shape', 'core.map')], validEdges.slice(0, 1)),
    expected: { code: 'duplicate_node_id', path: 'nodes[2].id', nodeId: 'shape' },
  },
  {
    why: 'a type no pack provides',
    document: flowOf([start, nodeOf('post', 'slack.postMessage')], ['start.out->post.in']),
    expected: { code: 'unknown_node_type', path: 'nodes[1].type', nodeId: 'post' },
  },
  {
    why: 'a type version that is not installed',
    document: flowOf([start, { ...shape, typeVersion: 9 }], validEdges.slice(0, 1)),
    expected: { code: 'unknown_type_version', path: 'nodes[1].typeVersion', nodeId: 'shape' },
  },
  {
    why: 'a param its schema rejects',
    document: flowOf([start, nodeOf('call', 'core.http', { url: 'not a url' })], ['start.out->call.in']),
    expected: { code: 'invalid_params', path: 'nodes[1].params.url', nodeId: 'call' },
  },
  {
    why: 'a param out of range',
    document: flowOf([start, shape, { ...reply, params: { status: 42 } }], validEdges),
    expected: { code: 'invalid_params', path: 'nodes[2].params.status', nodeId: 'reply' },
  },
  {
    why: 'an unknown param, even beside an expression',
    document: flowOf([start, nodeOf('call', 'core.http', { url: '=$.url', retries: 3 })], ['start.out->call.in']),
    expected: { code: 'unknown_field', path: 'nodes[1].params.retries', nodeId: 'call' },
  },
  {
    why: 'an expression with a syntax error',
    document: flowOf([start, { ...shape, params: { output: '=$.order.(' } }], validEdges.slice(0, 1)),
    expected: { code: 'invalid_expression', path: 'nodes[1].params.output', nodeId: 'shape' },
  },
  {
    why: 'a syntax error deep inside a template',
    document: flowOf([start, { ...shape, params: { output: { order: { lines: ['=$.id', '=$sum(]'] } } } }], validEdges.slice(0, 1)),
    expected: { code: 'invalid_expression', path: 'nodes[1].params.output.order.lines[1]', nodeId: 'shape' },
  },
  {
    why: 'an edge to a node that does not exist',
    document: flowOf([start, shape], ['start.out->shape.in', 'shape.out->ghost.in']),
    expected: { code: 'edge_unknown_node', path: 'edges[1].to.node' },
  },
  {
    why: 'an edge from a port the node does not have',
    document: flowOf([start, shape], ['start.yes->shape.in']),
    expected: { code: 'edge_unknown_port', path: 'edges[0].from.port', nodeId: 'start' },
  },
  {
    why: 'an edge into a trigger',
    document: flowOf([start, shape, nodeOf('other', 'core.map')], ['start.out->shape.in', 'other.out->start.in']),
    expected: { code: 'edge_unknown_port', path: 'edges[1].to.port', nodeId: 'start' },
  },
  {
    why: 'the same edge twice',
    document: flowOf([start, shape], ['start.out->shape.in', 'start.out->shape.in']),
    expected: { code: 'duplicate_edge', path: 'edges[1]' },
  },
  {
    why: 'a cycle',
    document: flowOf([start, shape, nodeOf('again', 'core.map')], ['start.out->shape.in', 'shape.out->again.in', 'again.out->shape.in']),
    expected: { code: 'cycle', path: 'edges[2]' },
  },
  {
    why: 'no trigger',
    document: flowOf([shape]),
    expected: { code: 'missing_trigger', path: 'nodes' },
  },
];

describe('validate', () => {
  it('finds nothing wrong with a sound flow', () => {
    const validation = engine.validate(flowOf([start, shape, reply], validEdges));

    expect(validation.problems).toEqual([]);
    expect(validation.document?.nodes.map((node) => node.id)).toEqual(['start', 'shape', 'reply']);
  });

  it.each(problemCases)('reports $expected.code at $expected.path for $why', ({ document, expected }) => {
    const { problems } = engine.validate(document);

    expect(problems).toEqual([{ ...expected, message: expect.any(String) }]);
    expect(problems[0]?.message.length).toBeGreaterThan(10);
  });

  it.each([
    ['a number', 'core.http', { url: 'https://example.com', timeoutMs: '=$.timeout' }],
    ['a status code', 'core.respond', { status: '=$.code', body: 'ok', bodyType: 'text' }],
    ['a boolean', 'core.filter', { condition: '=$.paid' }],
    ['an enum', 'core.http', { url: '=$.url', method: '=$.verb' }],
  ])('leaves an expression where the schema wants %s to be checked at run time', (_kind, type, params) => {
    const { problems } = engine.validate(flowOf([start, nodeOf('step', type, params)], ['start.out->step.in']));

    expect(problems).toEqual([]);
  });

  it('reports every problem at once', () => {
    const { problems } = engine.validate(
      flowOf([shape, nodeOf('post', 'slack.postMessage'), { ...reply, params: { status: 42 } }], ['shape.out->ghost.in']),
    );

    expect(problems.map((item) => item.code).sort()).toEqual(['edge_unknown_node', 'invalid_params', 'missing_trigger', 'unknown_node_type']);
  });

  it('returns no document when the shape is wrong', () => {
    expect(engine.validate({ formatVersion: 2 }).document).toBeUndefined();
  });
});

describe('plan', () => {
  it('refuses a flow with problems, listing them', () => {
    const broken = flowOf([start, { ...shape, params: { output: '=(' } }], [edgeOf('start.out->shape.in')]);

    let thrown: unknown;
    try {
      engine.plan(broken);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(ValidationError);
    expect(thrown).toMatchObject({
      code: 'invalid_flow',
      details: { problems: [{ code: 'invalid_expression', path: 'nodes[1].params.output', nodeId: 'shape' }] },
    });
  });

  it('orders nodes so each runs after everything upstream of it', () => {
    const plan = engine.plan(flowOf([reply, shape, start], ['shape.out->reply.in', 'start.out->shape.in']));

    expect(plan.nodes.map((planned) => planned.node.id)).toEqual(['start', 'shape', 'reply']);
  });
});
