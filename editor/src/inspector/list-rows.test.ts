import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../api/types.ts';
import { fitsRows, newRow, rowFields, rowShapeOf, singular, variantOfRow } from './list-rows.ts';

// As /api/nodes exports core.switch's cases and core.set's operations (zod's JSON Schema).
const switchCase: JsonSchema = {
  type: 'object',
  properties: {
    port: { type: 'string', enum: ['case1', 'case2', 'case3'] },
    label: { type: 'string' },
    when: { type: 'boolean', default: false, 'x-weft-expression': true },
  },
  required: ['port'],
};
const operation: JsonSchema = {
  oneOf: [
    { type: 'object', properties: { op: { type: 'string', const: 'set', title: 'Set a field' }, path: { type: 'string' }, value: { $ref: '#/$defs/json' } }, required: ['op', 'path'] },
    { type: 'object', properties: { op: { type: 'string', const: 'rename', title: 'Rename a field' }, from: { type: 'string' }, to: { type: 'string' } }, required: ['op', 'from', 'to'] },
    { type: 'object', properties: { op: { type: 'string', const: 'remove', title: 'Remove a field' }, path: { type: 'string' } }, required: ['op', 'path'] },
  ],
};

describe('rows of a list param', () => {
  it('lays out one object shape, or several told apart by a constant tag', () => {
    expect(rowShapeOf(switchCase)).toMatchObject({ discriminator: null, variants: [{ tag: null }] });
    expect(rowShapeOf(operation)).toMatchObject({ discriminator: 'op', variants: [{ tag: 'set', title: 'Set a field' }, { tag: 'rename' }, { tag: 'remove' }] });
  });

  it.each<[string, JsonSchema | undefined]>([
    ['no item schema', undefined],
    ['strings', { type: 'string' }],
    ['any JSON', { $ref: '#/$defs/json' }],
    ['objects without a common tag', { oneOf: [{ type: 'object', properties: { a: { type: 'string' } } }, { type: 'object', properties: { b: { type: 'string' } } }] }],
  ])('leaves %s to the JSON editor', (_name, items) => {
    expect(rowShapeOf(items)).toBeNull();
  });

  it('finds each row its variant, and says when a value does not fit', () => {
    const shape = rowShapeOf(operation);
    if (shape === null) throw new Error('expected a shape');
    expect(variantOfRow(shape, { op: 'rename', from: 'a', to: 'b' })?.tag).toBe('rename');
    expect(fitsRows(shape, [{ op: 'set', path: 'a', value: 1 }, { op: 'remove', path: 'b' }])).toBe(true);
    expect(fitsRows(shape, [{ op: 'explode' }])).toBe(false);
    expect(fitsRows(shape, '=$.operations')).toBe(false);
    expect(fitsRows(shape, undefined)).toBe(true);
  });

  it('shows every field but the tag', () => {
    const shape = rowShapeOf(operation);
    const rename = shape?.variants[1];
    if (shape === null || rename === undefined) throw new Error('expected a shape');
    expect(rowFields(shape, rename).map(([name]) => name)).toEqual(['from', 'to']);
  });

  it('starts a new row with its tag and the next free choice of a required enum', () => {
    const cases = rowShapeOf(switchCase);
    const plain = cases?.variants[0];
    const operations = rowShapeOf(operation);
    const remove = operations?.variants[2];
    if (cases === null || plain === undefined || operations === null || remove === undefined) throw new Error('expected shapes');
    expect(newRow(cases, plain, [])).toEqual({ port: 'case1' });
    expect(newRow(cases, plain, [{ port: 'case1' }, { port: 'case3' }])).toEqual({ port: 'case2' });
    expect(newRow(cases, plain, [{ port: 'case1' }, { port: 'case2' }, { port: 'case3' }])).toEqual({ port: 'case1' });
    expect(newRow(operations, remove, [])).toEqual({ op: 'remove' });
  });

  it.each([
    ['Cases', 'Case'],
    ['Operations', 'Operation'],
    ['Address', 'Address'],
    ['Items', 'Item'],
  ])('names one row of "%s" "%s"', (title, one) => {
    expect(singular(title)).toBe(one);
  });
});
