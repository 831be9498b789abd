import { type Json, type JsonObject, NodeRunError, isJsonObject } from '@weft/engine';
import { z } from 'zod';
import { defineNode } from '../sdk/index.ts';
import { fieldPathSchema, kindOf, valueAt } from './field-path.ts';

export const aggregateNode = defineNode({
  type: 'core.aggregate',
  typeVersion: 1,
  displayName: 'Aggregate',
  description:
    'Summarises a list: "summarize" gives { count, sum, avg, min, max } of a numeric field, "groupBy" gives { <value of the field>: [items] }, "collect" gives the field of every item as a list. The list is the input itself or the field named in "Items".',
  category: 'Transform',
  icon: 'sigma',
  params: z.strictObject({
    operation: z
      .enum(['summarize', 'groupBy', 'collect'])
      .default('summarize')
      .meta({ title: 'Operation', description: 'summarize: count, sum, avg, min, max; groupBy: items by a field; collect: one field of every item.' }),
    items: fieldPathSchema
      .optional()
      .meta({ title: 'Items', description: 'Dotted path to the list in the input, e.g. body.line_items; empty when the input is the list.' }),
    field: fieldPathSchema
      .optional()
      .meta({ title: 'Field', description: 'Dotted path inside each item, e.g. price; empty to use each item itself.' }),
  }),
  sample: { count: 2, sum: 30, avg: 15, min: 10, max: 20 },
  run: async ({ params, input }) => {
    const items = listOf(input, params.items);
    const values = items.map((item) => (params.field === undefined ? item : valueAt(item, params.field)));
    switch (params.operation) {
      case 'summarize':
        return { output: summarize(values) };
      case 'groupBy':
        return { output: groupBy(items, values, params.field) };
      case 'collect':
        return { output: values.filter((value): value is Json => value !== undefined) };
    }
  },
});

function listOf(input: Json, path: string | undefined): Json[] {
  const list = path === undefined ? input : valueAt(input, path);
  if (Array.isArray(list)) return list;
  const where = path === undefined ? 'the input' : `"${path}"`;
  throw new NodeRunError('not_a_list', `Aggregate needs a list, but ${where} holds ${kindOf(list)}`);
}

// Shopify and others send amounts as strings ("199.00"); they count as the numbers they spell.
function numberOf(value: Json, index: number): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (value === null) return undefined;
  throw new NodeRunError('not_a_number', `item ${index} holds ${kindOf(value)} where a number was expected`, { details: { index } });
}

/** Missing and null values are left out, so count is the number of values summed. */
function summarize(values: readonly (Json | undefined)[]): JsonObject {
  const numbers = values.flatMap((value, index) => {
    const number = value === undefined ? undefined : numberOf(value, index);
    return number === undefined ? [] : [number];
  });
  const sum = numbers.reduce((total, number) => total + number, 0);
  const count = numbers.length;
  if (count === 0) return { count, sum, avg: null, min: null, max: null };
  // reduce, not Math.min(...numbers): spreading a long list overflows the call stack.
  const min = numbers.reduce((least, number) => Math.min(least, number));
  const max = numbers.reduce((most, number) => Math.max(most, number));
  return { count, sum, avg: sum / count, min, max };
}

function groupBy(items: readonly Json[], keys: readonly (Json | undefined)[], field: string | undefined): JsonObject {
  const groups: Record<string, Json[]> = {};
  items.forEach((item, index) => {
    const key = groupKey(keys[index], index, field);
    // Keys come from data: define them so "__proto__" is a group like any other.
    if (!Object.hasOwn(groups, key)) Object.defineProperty(groups, key, { value: [], enumerable: true, writable: true, configurable: true });
    groups[key]?.push(item);
  });
  return groups;
}

/** Items without the field are grouped under "null", as JSON would spell the missing value. */
function groupKey(value: Json | undefined, index: number, field: string | undefined): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'object') {
    throw new NodeRunError('invalid_group_key', `item ${index} has ${kindOf(value)} in "${field ?? 'the item'}"; group by a text, number or true/false field`, {
      details: { index },
    });
  }
  return String(value);
}
