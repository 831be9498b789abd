import type { Json, JsonObject } from '@weft/engine';
import { describe, expect, it } from 'vitest';
import { runNode } from '../sdk/testing/index.ts';
import { setNode } from './set.ts';

const order: JsonObject = { id: 1001, email: 'ada@example.com', customer: { name: 'Ada', tier: 'gold' }, tags: ['a'] };

describe('core.set', () => {
  it.each<{ name: string; operations: Json[]; output: Json }>([
    { name: 'sets a top-level field', operations: [{ op: 'set', path: 'status', value: 'new' }], output: { ...order, status: 'new' } },
    {
      name: 'creates the objects on a dotted path',
      operations: [{ op: 'set', path: 'meta.source.kind', value: 'shop' }],
      output: { ...order, meta: { source: { kind: 'shop' } } },
    },
    {
      name: 'overwrites a nested field and keeps its siblings',
      operations: [{ op: 'set', path: 'customer.tier', value: 'platinum' }],
      output: { ...order, customer: { name: 'Ada', tier: 'platinum' } },
    },
    { name: 'evaluates an expression value', operations: [{ op: 'set', path: 'ref', value: '="order-" & $string($.id)' }], output: { ...order, ref: 'order-1001' } },
    {
      name: 'renames a field to a dotted path',
      operations: [{ op: 'rename', from: 'email', to: 'contact.email' }],
      output: { id: 1001, customer: { name: 'Ada', tier: 'gold' }, tags: ['a'], contact: { email: 'ada@example.com' } },
    },
    { name: 'removes a nested field', operations: [{ op: 'remove', path: 'customer.tier' }], output: { ...order, customer: { name: 'Ada' } } },
    { name: 'ignores renaming or removing what is not there', operations: [{ op: 'rename', from: 'nope', to: 'x' }, { op: 'remove', path: 'a.b' }], output: order },
    {
      name: 'applies operations in order',
      operations: [
        { op: 'set', path: 'draft', value: 1 },
        { op: 'rename', from: 'draft', to: 'final' },
        { op: 'set', path: 'final', value: 2 },
      ],
      output: { ...order, final: 2 },
    },
  ])('$name', async ({ operations, output }) => {
    const step = await runNode(setNode, { input: order, params: { operations } });

    expect(step).toMatchObject({ status: 'succeeded', output });
  });

  it('leaves its input untouched', async () => {
    const step = await runNode(setNode, { input: order, params: { operations: [{ op: 'remove', path: 'customer.name' }] } });

    expect(step.input).toEqual(order);
  });

  it.each<{ name: string; operations: Json[]; output: Json }>([
    {
      name: 'the fields set or renamed, nested as written',
      operations: [
        { op: 'set', path: 'orderId', value: '=$.id' },
        { op: 'rename', from: 'customer.name', to: 'contact.name' },
      ],
      output: { orderId: 1001, contact: { name: 'Ada' } },
    },
    {
      name: 'nothing that was removed again',
      operations: [
        { op: 'set', path: 'temp', value: 1 },
        { op: 'remove', path: 'temp' },
      ],
      output: {},
    },
  ])('with keepOthers off outputs only $name', async ({ operations, output }) => {
    const step = await runNode(setNode, { input: order, params: { operations, keepOthers: false } });

    expect(step.output).toEqual(output);
  });

  it('starts from an empty object when the input is null', async () => {
    const step = await runNode(setNode, { input: null, params: { operations: [{ op: 'set', path: 'a.b', value: true }] } });

    expect(step.output).toEqual({ a: { b: true } });
  });

  it.each<{ name: string; input: Json; operations: Json[]; code: string; message: string }>([
    {
      name: 'a path through a text',
      input: order,
      operations: [{ op: 'set', path: 'email.domain', value: 'x' }],
      code: 'invalid_path',
      message: 'operations.0: cannot write "email.domain": "email" holds a string, not an object',
    },
    {
      name: 'a rename into a path through a list',
      input: order,
      operations: [
        { op: 'set', path: 'ok', value: 1 },
        { op: 'rename', from: 'id', to: 'tags.first' },
      ],
      code: 'invalid_path',
      message: 'operations.1: cannot write "tags.first": "tags" holds an array, not an object',
    },
    { name: 'an input that is a list', input: [1, 2], operations: [], code: 'invalid_input', message: 'Edit fields works on an object, but its input is an array' },
  ])('fails on $name', async ({ input, operations, code, message }) => {
    const step = await runNode(setNode, { input, params: { operations } });

    expect(step).toMatchObject({ status: 'failed', error: { code, message } });
  });

  it('writes a "__proto__" field as data, not as the prototype', async () => {
    const step = await runNode(setNode, { input: {}, params: { operations: [{ op: 'set', path: '__proto__.polluted', value: true }] } });

    expect(step.status).toBe('succeeded');
    expect(JSON.stringify(step.output)).toBe('{"__proto__":{"polluted":true}}');
    expect(Object.getPrototypeOf(step.output)).toBe(Object.prototype);
  });

  it.each<{ name: string; operations: Json[] }>([
    { name: 'an unknown op', operations: [{ op: 'copy', path: 'a' }] },
    { name: 'an empty path segment', operations: [{ op: 'set', path: 'a..b', value: 1 }] },
  ])('refuses $name when the flow is checked', async ({ operations }) => {
    await expect(runNode(setNode, { input: order, params: { operations } })).rejects.toMatchObject({ code: 'invalid_flow' });
  });
});
