import { describe, expect, it } from 'vitest';
import type { CatalogNode, Json, StepRecord } from '../api/types.ts';
import { catalogKey, emptyEditorState, type EditorState, type WeftNode } from '../store/editor-state.ts';
import { evaluatePreview } from './expression-evaluate.ts';
import { expressionSampleOf, previewBindings } from './expression-sample.ts';

function catalogNode(type: string, trigger: boolean, sample: Json): CatalogNode {
  return {
    type, typeVersion: 1, latest: true, displayName: type, description: '', category: 'Core', icon: null, trigger,
    inputs: trigger ? [] : ['in'], outputs: ['out'], sideEffects: false, credentials: {}, paramsSchema: { type: 'object' }, sample,
  };
}

const catalog = new Map([
  [catalogKey('core.webhook', 1), catalogNode('core.webhook', true, { body: { hello: 'world' } })],
  [catalogKey('core.filter', 1), catalogNode('core.filter', false, null)],
  [catalogKey('core.map', 1), catalogNode('core.map', false, { orderId: 1001 })],
]);

function node(id: string, type: string): WeftNode {
  return { id, type: 'step', position: { x: 0, y: 0 }, data: { type, typeVersion: 1, params: {} } };
}

function step(nodeId: string, input: Json, output: Json): StepRecord {
  return { nodeId, nodeType: 'x', status: 'succeeded', input, output, ports: ['out'], error: null, attempts: 1, startedAt: '', finishedAt: '', durationMs: 1 };
}

/** webhook → filter → enrich (map) → target (map); `other` (map) is not upstream of target. */
function flow(patch: Partial<EditorState> = {}): EditorState {
  return {
    ...emptyEditorState(),
    flowId: 'orders',
    publishedVersion: 3,
    catalog,
    nodes: [node('webhook', 'core.webhook'), node('filter', 'core.filter'), node('enrich', 'core.map'), node('target', 'core.map'), node('other', 'core.map')],
    edges: [
      { id: 'e1', source: 'webhook', target: 'filter', sourceHandle: 'out' },
      { id: 'e2', source: 'filter', target: 'enrich', sourceHandle: 'true' },
      { id: 'e3', source: 'enrich', target: 'target', sourceHandle: 'out' },
      { id: 'e4', source: 'webhook', target: 'other', sourceHandle: 'out' },
    ],
    ...patch,
  };
}

describe('expressionSampleOf', () => {
  it("binds what the engine would: $ the input, $trigger the trigger's output, $nodes the steps upstream", () => {
    const sample = expressionSampleOf(flow(), 'target');
    expect(sample).toEqual({
      input: { orderId: 1001 },
      trigger: { body: { hello: 'world' } },
      // The filter declares no sample, so it is not known; `other` does not come before `target`.
      nodes: { webhook: { body: { hello: 'world' } }, enrich: { orderId: 1001 } },
      execution: { id: 'preview', flowId: 'orders', flowVersion: 3 },
    });
  });

  it('walks past steps without a known output to find the input (a filter passes its input on)', () => {
    expect(expressionSampleOf(flow(), 'enrich').input).toEqual({ body: { hello: 'world' } });
  });

  it('prefers the test event to the trigger type sample, and keeps the sample while the event does not parse', () => {
    const event = { body: { id: 7 } };
    expect(expressionSampleOf(flow({ testPayload: JSON.stringify(event) }), 'enrich')).toMatchObject({ input: event, trigger: event });
    expect(expressionSampleOf(flow({ testPayload: '{ "body": ' }), 'enrich').trigger).toEqual({ body: { hello: 'world' } });
  });

  it('prefers a painted run to samples, and a pinned output to both', () => {
    const painted = flow({ steps: { webhook: [step('webhook', { body: { id: 1 } }, { body: { id: 1 } })], enrich: [step('enrich', { body: { id: 1 } }, { id: 1 })] } });
    expect(expressionSampleOf(painted, 'target')).toMatchObject({ input: { id: 1 }, trigger: { body: { id: 1 } }, nodes: { enrich: { id: 1 } } });
    const pinned = { ...painted, pinned: { enrich: { id: 'pinned' } } };
    expect(expressionSampleOf(pinned, 'target')).toMatchObject({ input: { id: 'pinned' }, nodes: { enrich: { id: 'pinned' } } });
  });
});

describe('evaluatePreview with the sample bindings', () => {
  const bindings = previewBindings(expressionSampleOf(flow({ testPayload: JSON.stringify({ body: { id: 7, items: [{ price: 2 }, { price: 3 }] } }) }), 'target'));

  it.each<[string, Json | undefined]>([
    ['$.orderId', 1001],
    ['$input.orderId', 1001],
    ['$trigger.body.id', 7],
    ['$sum($nodes.webhook.body.items.price)', 5],
    ['$execution.flowId & "@" & $string($execution.flowVersion)', 'orders@3'],
    ['$.nothing', undefined],
    ['$trigger.body.items.price', [2, 3]],
    ['$string', '(a function)'],
  ])('%s gives %j', async (source, expected) => {
    expect(await evaluatePreview(source, bindings)).toEqual({ kind: 'value', value: expected });
  });

  it('reports evaluation errors with their JSONata code', async () => {
    expect(await evaluatePreview('$trigger.body.id + "x"', bindings)).toMatchObject({ kind: 'error', code: 'T2002' });
  });

  it('stops an expression that never ends at the time limit', async () => {
    expect(await evaluatePreview('($loop := function($n) { $loop($n + 1) }; $loop(0))', bindings)).toMatchObject({ kind: 'error' });
  });
});
