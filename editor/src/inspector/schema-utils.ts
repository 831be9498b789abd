import type { Json, JsonSchema } from '../api/types.ts';
import { rowShapeOf } from './list-rows.ts';

export type FieldKind = 'enum' | 'multiEnum' | 'code' | 'string' | 'number' | 'boolean' | 'keyValue' | 'list' | 'json';

/** Follows a local `$ref` (`#/$defs/…`), the only kind zod's JSON Schema export writes. */
export function resolveSchema(root: JsonSchema, schema: JsonSchema): JsonSchema {
  if (schema.$ref === undefined) return schema;
  const name = schema.$ref.replace(/^#\/\$defs\//, '');
  const target = root.$defs?.[name];
  if (target === undefined) return schema;
  // Keep what the referring property says about itself (title, description, default, hints).
  const { $ref: _ref, ...own } = schema;
  return { ...target, ...own };
}

/** Which widget edits a value of this schema; anything unusual is edited as JSON text. */
export function fieldKind(schema: JsonSchema): FieldKind {
  if (schema.enum !== undefined && schema.enum.every((option) => typeof option === 'string')) return 'enum';
  if (schema.type === 'array' && schema.items?.enum !== undefined) return 'multiEnum';
  if (schema.type === 'array' && rowShapeOf(schema.items) !== null) return 'list';
  if (schema.type === 'string' && schema['x-weft-language'] !== undefined) return 'code';
  if (schema.type === 'string') return 'string';
  if (schema.type === 'number' || schema.type === 'integer') return 'number';
  if (schema.type === 'boolean') return 'boolean';
  if (schema.type === 'object' && schema.properties === undefined && isStringSchema(schema.additionalProperties)) return 'keyValue';
  return 'json';
}

function isStringSchema(schema: JsonSchema | boolean | undefined): boolean {
  return typeof schema === 'object' && schema.type === 'string';
}

export function isExpression(value: Json | undefined): value is string {
  return typeof value === 'string' && value.startsWith('=');
}

/** "responseTimeoutMs" → "Response timeout ms", for params without a title. */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(' ')
    .map((word) => (acronyms.has(word) ? word.toUpperCase() : word))
    .join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const acronyms = new Set(['url', 'id', 'http', 'json', 'xml', 'ms', 'api']);

export function formatJson(value: Json | undefined): string {
  return value === undefined ? '' : JSON.stringify(value, null, 2);
}
