import { describe, expect, it } from 'vitest';
import type { Json } from '../json.ts';
import { flowOf, nodeOf } from '../testing/flow-builder.ts';
import { serializeFlow } from './canonical.ts';
import { flowDocumentSchema } from './schema.ts';

const messyNodes = [
  nodeOf('hook', 'core.webhook', { responseMode: 'whenFinished', path: 'orders/paid' }, { position: { y: 40, x: 10 }, notes: 'from Shopify' }),
  nodeOf('shape', 'core.map', { output: { total: '=$.body.total', id: '=$.body.id', meta: { z: 1, a: [{ y: 2, b: 3 }] } } }),
  nodeOf('paid', 'core.filter', { condition: '=$.total > 0' }, { name: 'Only paid' }),
  nodeOf('call', 'core.http', { url: 'https://example.com/hook', method: 'POST' }, { credentials: { zeta: 'cred_2', auth: 'cred_1' } }),
];
const messyEdges = ['paid.true->call.in', 'hook.out->shape.in', 'shape.out->paid.in'];
const messySettings = { settings: { concurrency: 2, timeoutMs: 60_000 }, description: 'Paid orders to the ERP' };
const messy = flowOf(messyNodes, messyEdges, messySettings);

/**
 * The same JSON with every object's keys in reverse order, except inside params and credentials,
 * whose order is the author's and is kept on export.
 */
function reverseKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, item]) => [key, key === 'params' || key === 'credentials' ? item : reverseKeys(item)]),
  );
}

function exportOf(document: unknown): string {
  return serializeFlow(flowDocumentSchema.parse(document));
}

describe('serializeFlow', () => {
  it('is stable: import → export → import → export gives the same bytes', () => {
    const first = exportOf(messy);
    const second = exportOf(JSON.parse(first));

    expect(second).toBe(first);
  });

  it('does not depend on the key order or the edge order of what was imported', () => {
    const shuffled = reverseKeys(flowOf(messyNodes, [...messyEdges].reverse(), messySettings));

    expect(JSON.stringify(shuffled)).not.toBe(JSON.stringify(messy));
    expect(exportOf(shuffled)).toBe(exportOf(messy));
  });

  it('writes the format’s keys in a fixed order, edges sorted, defaults filled in', () => {
    const exported = JSON.parse(exportOf(reverseKeys(messy)));

    expect(Object.keys(exported)).toEqual(['formatVersion', 'id', 'name', 'description', 'nodes', 'edges', 'settings']);
    expect(Object.keys(exported.nodes[0])).toEqual(['id', 'type', 'typeVersion', 'params', 'position', 'notes']);
    expect(Object.keys(exported.nodes[2])).toEqual(['id', 'type', 'typeVersion', 'name', 'params']);
    expect(Object.keys(exported.nodes[3])).toEqual(['id', 'type', 'typeVersion', 'params', 'credentials']);
    expect(Object.keys(exported.nodes[0].position)).toEqual(['x', 'y']);
    expect(exported.edges.map((edge: { from: { node: string } }) => edge.from.node)).toEqual(['hook', 'paid', 'shape']);
    expect(Object.keys(exported.settings)).toEqual(['timeoutMs', 'concurrency']);
  });

  it('keeps the author’s key order inside params, where it shapes what a step outputs', () => {
    const exported = JSON.parse(exportOf(messy));

    expect(Object.keys(exported.nodes[1].params.output)).toEqual(['total', 'id', 'meta']);
    expect(JSON.stringify(exported.nodes[1].params.output.meta)).toBe('{"z":1,"a":[{"y":2,"b":3}]}');
  });

  it('keeps node order, which is the order the editor and ties in run order use', () => {
    const exported = JSON.parse(exportOf(messy));

    expect(exported.nodes.map((node: { id: string }) => node.id)).toEqual(['hook', 'shape', 'paid', 'call']);
  });

  it('is two-space indented and ends with a newline', () => {
    const text = exportOf(flowOf([nodeOf('start', 'core.manual')]));

    expect(text).toBe(
      [
        '{',
        '  "formatVersion": 1,',
        '  "id": "test-flow",',
        '  "name": "Test flow",',
        '  "description": "",',
        '  "nodes": [',
        '    {',
        '      "id": "start",',
        '      "type": "core.manual",',
        '      "typeVersion": 1,',
        '      "params": {}',
        '    }',
        '  ],',
        '  "edges": [],',
        '  "settings": {',
        '    "timeoutMs": 300000,',
        '    "concurrency": 0',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });
});
