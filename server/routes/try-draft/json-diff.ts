import { type Json, isJsonObject } from '@weft/engine';

/** One difference between two JSON values, at a path written the way expressions read it (`$.order.items[0]`). */
export type JsonChange =
  | { kind: 'added'; path: string; after: Json }
  | { kind: 'removed'; path: string; before: Json }
  | { kind: 'changed'; path: string; before: Json; after: Json };

/**
 * The differences between `before` and `after`, in document order. Objects are compared key by
 * key, arrays index by index (an item inserted at the front shows as every later item
 * changed: positional, but predictable and what a step's consumers see); any other change of
 * value or of kind (object to array, number to string) is one `changed` entry at that path.
 */
export function diffJson(before: Json, after: Json, path = '$'): JsonChange[] {
  if (Array.isArray(before) && Array.isArray(after)) return diffArrays(before, after, path);
  if (isJsonObject(before) && isJsonObject(after)) return diffObjects(before, after, path);
  return sameJson(before, after) ? [] : [{ kind: 'changed', path, before, after }];
}

/** Deep equality of two JSON values; key order does not matter, array order does. */
export function sameJson(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => sameJson(item, b[index] ?? null));
  }
  if (!isJsonObject(a) || !isJsonObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameJson(a[key] ?? null, b[key] ?? null));
}

function diffArrays(before: Json[], after: Json[], path: string): JsonChange[] {
  const changes: JsonChange[] = [];
  for (let index = 0; index < Math.max(before.length, after.length); index++) {
    const at = `${path}[${index}]`;
    if (index >= after.length) changes.push({ kind: 'removed', path: at, before: before[index] ?? null });
    else if (index >= before.length) changes.push({ kind: 'added', path: at, after: after[index] ?? null });
    else changes.push(...diffJson(before[index] ?? null, after[index] ?? null, at));
  }
  return changes;
}

function diffObjects(before: Record<string, Json>, after: Record<string, Json>, path: string): JsonChange[] {
  const changes: JsonChange[] = [];
  for (const [key, value] of Object.entries(before)) {
    const at = `${path}.${pathKey(key)}`;
    if (!Object.hasOwn(after, key)) changes.push({ kind: 'removed', path: at, before: value });
    else changes.push(...diffJson(value, after[key] ?? null, at));
  }
  for (const [key, value] of Object.entries(after)) {
    if (!Object.hasOwn(before, key)) changes.push({ kind: 'added', path: `${path}.${pathKey(key)}`, after: value });
  }
  return changes;
}

// The editor's JSON tree copies paths in this spelling, so a path in a diff can be pasted into an expression.
function pathKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : `\`${key}\``;
}
