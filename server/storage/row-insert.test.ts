import { describe, expect, it } from 'vitest';
import { insertRows, MAX_ROWS_PER_INSERT, type RowInsert } from './row-insert.ts';

const pairs: RowInsert<[string, number]> = {
  name: 'test-pairs',
  table: 'pairs',
  columns: [
    ['key', 'text'],
    ['value', 'int'],
  ],
  valuesOf: (row) => [...row],
};

describe('insertRows', () => {
  it('pads a batch with rows of NULLs up to its shape, which the statement skips', () => {
    const insert = insertRows(pairs, [
      ['a', 1],
      ['b', 2],
    ]);
    expect(insert.name).toBe('test-pairs-4');
    expect(insert.values).toEqual(['a', 1, 'b', 2, null, null, null, null]);
    expect(insert.text).toContain('($1::text, $2::int), ($3::text, $4::int), ($5::text, $6::int), ($7::text, $8::int)');
    expect(insert.text).toContain('WHERE row.key IS NOT NULL');
  });

  it('writes one statement text per shape, whatever the batch size within it', () => {
    const three = insertRows(pairs, Array.from({ length: 3 }, (_, n) => [`k${n}`, n] as [string, number]));
    const four = insertRows(pairs, Array.from({ length: 4 }, (_, n) => [`k${n}`, n] as [string, number]));
    expect(three.name).toBe(four.name);
    expect(three.text).toBe(four.text);
    expect(insertRows(pairs, Array.from({ length: 5 }, (_, n) => [`k${n}`, n] as [string, number])).name).toBe('test-pairs-16');
  });

  it('numbers its parameters from where a larger statement leaves off', () => {
    expect(insertRows(pairs, [['a', 1]], 2).text).toContain('($2::text, $3::int)');
  });

  it(`refuses more than ${MAX_ROWS_PER_INSERT} rows: callers split larger batches`, () => {
    const many = Array.from({ length: MAX_ROWS_PER_INSERT + 1 }, (_, n) => [`k${n}`, n] as [string, number]);
    expect(() => insertRows(pairs, many)).toThrow(RangeError);
  });
});
