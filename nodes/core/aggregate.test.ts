import type { Json, JsonObject } from '@weft/engine';
import { describe, expect, it } from 'vitest';
import { runNode } from '../sdk/testing/index.ts';
import { aggregateNode } from './aggregate.ts';

const a: JsonObject = { sku: 'A', price: 10, status: 'paid' };
const b: JsonObject = { sku: 'B', price: '30.50', status: 'open' };
const c: JsonObject = { sku: 'C', price: 5, status: 'paid' };
const d: JsonObject = { sku: 'D', status: 'open' };
const lines = [a, b, c, d];
const order = { body: { id: 1001, lines } };

describe('core.aggregate', () => {
  it.each<{ name: string; input: Json; params: JsonObject; output: Json }>([
    {
      name: 'summarizes a numeric field, reading numbers spelled as text and leaving out missing ones',
      input: lines,
      params: { operation: 'summarize', field: 'price' },
      output: { count: 3, sum: 45.5, avg: 45.5 / 3, min: 5, max: 30.5 },
    },
    { name: 'summarizes a list of numbers', input: [3, 1, 2], params: {}, output: { count: 3, sum: 6, avg: 2, min: 1, max: 3 } },
    { name: 'summarizes an empty list', input: [], params: {}, output: { count: 0, sum: 0, avg: null, min: null, max: null } },
    {
      name: 'summarizes a list found by a path',
      input: order,
      params: { items: 'body.lines', field: 'price' },
      output: { count: 3, sum: 45.5, avg: 45.5 / 3, min: 5, max: 30.5 },
    },
    {
      name: 'groups items by a field',
      input: order,
      params: { operation: 'groupBy', items: 'body.lines', field: 'status' },
      output: { paid: [a, c], open: [b, d] },
    },
    {
      name: 'groups items without the field under "null"',
      input: [{ kind: 1 }, {}, { kind: 1 }],
      params: { operation: 'groupBy', field: 'kind' },
      output: { 1: [{ kind: 1 }, { kind: 1 }], null: [{}] },
    },
    { name: 'collects a field', input: lines, params: { operation: 'collect', field: 'sku' }, output: ['A', 'B', 'C', 'D'] },
    { name: 'collects a field, leaving out items without it', input: lines, params: { operation: 'collect', field: 'price' }, output: [10, '30.50', 5] },
  ])('$name', async ({ input, params, output }) => {
    const step = await runNode(aggregateNode, { input, params });

    expect(step).toMatchObject({ status: 'succeeded', output });
  });

  it('groups under a "__proto__" value like any other', async () => {
    const step = await runNode(aggregateNode, { input: [{ k: '__proto__' }], params: { operation: 'groupBy', field: 'k' } });

    expect(JSON.stringify(step.output)).toBe('{"__proto__":[{"k":"__proto__"}]}');
  });

  it.each<{ name: string; input: Json; params: JsonObject; code: string; message: string }>([
    { name: 'an input that is not a list', input: { a: 1 }, params: {}, code: 'not_a_list', message: 'Aggregate needs a list, but the input holds an object' },
    {
      name: 'a path to no list',
      input: order,
      params: { items: 'body.id' },
      code: 'not_a_list',
      message: 'Aggregate needs a list, but "body.id" holds a number',
    },
    {
      name: 'a value that is not a number',
      input: [{ price: 1 }, { price: 'free' }],
      params: { field: 'price' },
      code: 'not_a_number',
      message: 'item 1 holds a string where a number was expected',
    },
    {
      name: 'a group key that is an object',
      input: [{ by: { a: 1 } }],
      params: { operation: 'groupBy', field: 'by' },
      code: 'invalid_group_key',
      message: 'item 0 has an object in "by"; group by a text, number or true/false field',
    },
  ])('fails on $name', async ({ input, params, code, message }) => {
    const step = await runNode(aggregateNode, { input, params });

    expect(step).toMatchObject({ status: 'failed', error: { code, message } });
  });
});
