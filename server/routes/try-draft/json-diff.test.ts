import type { Json } from '@weft/engine';
import { describe, expect, it } from 'vitest';
import { diffJson, type JsonChange, sameJson } from './json-diff.ts';

describe('diffJson', () => {
  it.each<[string, Json, Json, JsonChange[]]>([
    ['equal scalars', 1, 1, []],
    ['equal objects in another key order', { a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 }, []],
    ['a changed scalar at the root', 'paid', 'refunded', [{ kind: 'changed', path: '$', before: 'paid', after: 'refunded' }]],
    ['a changed field', { total: 10, currency: 'EUR' }, { total: 12, currency: 'EUR' }, [{ kind: 'changed', path: '$.total', before: 10, after: 12 }]],
    ['an added field', { a: 1 }, { a: 1, b: { c: 2 } }, [{ kind: 'added', path: '$.b', after: { c: 2 } }]],
    ['a removed field', { a: 1, b: 2 }, { a: 1 }, [{ kind: 'removed', path: '$.b', before: 2 }]],
    ['a nested change', { order: { lines: [{ sku: 'A', qty: 1 }] } }, { order: { lines: [{ sku: 'A', qty: 3 }] } }, [{ kind: 'changed', path: '$.order.lines[0].qty', before: 1, after: 3 }]],
    ['an item appended', [1, 2], [1, 2, 3], [{ kind: 'added', path: '$[2]', after: 3 }]],
    ['items removed from the end', [1, 2, 3], [1], [{ kind: 'removed', path: '$[1]', before: 2 }, { kind: 'removed', path: '$[2]', before: 3 }]],
    [
      'an item inserted at the front compares by index',
      ['b', 'c'],
      ['a', 'b', 'c'],
      [
        { kind: 'changed', path: '$[0]', before: 'b', after: 'a' },
        { kind: 'changed', path: '$[1]', before: 'c', after: 'b' },
        { kind: 'added', path: '$[2]', after: 'c' },
      ],
    ],
    ['an object that became an array', { a: { x: 1 } }, { a: [1] }, [{ kind: 'changed', path: '$.a', before: { x: 1 }, after: [1] }]],
    ['a value that became null', { a: 0 }, { a: null }, [{ kind: 'changed', path: '$.a', before: 0, after: null }]],
    ['a number that became its string', { a: 1 }, { a: '1' }, [{ kind: 'changed', path: '$.a', before: 1, after: '1' }]],
    ['keys that need quoting', { 'first name': 'Ada' }, { 'first name': 'Grace' }, [{ kind: 'changed', path: '$.`first name`', before: 'Ada', after: 'Grace' }]],
  ])('%s', (_name, before, after, expected) => {
    expect(diffJson(before, after)).toEqual(expected);
  });

  it('keeps a key named __proto__ as data', () => {
    const before: Json = JSON.parse('{"__proto__": {"a": 1}}');
    const after: Json = JSON.parse('{"__proto__": {"a": 2}}');
    expect(diffJson(before, after)).toEqual([{ kind: 'changed', path: '$.__proto__.a', before: 1, after: 2 }]);
  });
});

describe('sameJson', () => {
  it.each<[Json, Json, boolean]>([
    [{ a: [1, 2] }, { a: [1, 2] }, true],
    [{ a: [1, 2] }, { a: [2, 1] }, false],
    [{ a: 1 }, { a: 1, b: null }, false],
    [[], {}, false],
    [null, null, true],
  ])('%j and %j are the same: %s', (a, b, expected) => {
    expect(sameJson(a, b)).toBe(expected);
  });
});
