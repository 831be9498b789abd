import { type Json, type JsonObject, NodeRunError, isJsonObject } from '@weft/engine';
import { z } from 'zod';

/** A dotted path such as `customer.address.city`: one or more keys joined by dots. */
export const fieldPathSchema = z.string().regex(/^[^.]+(\.[^.]+)*$/, 'must be keys joined by dots, e.g. customer.address.city');

export function pathKeys(path: string): string[] {
  return path.split('.');
}

/** The value at `path`, or undefined when any key on the way is missing or not inside an object. */
export function valueAt(root: Json, path: string): Json | undefined {
  let current: Json | undefined = root;
  for (const key of pathKeys(path)) {
    if (!isJsonObject(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

/** Writes `value` at `path`, creating missing objects on the way; a non-object on the way is an `invalid_path`. */
export function writeAt(root: JsonObject, path: string, value: Json): void {
  const keys = pathKeys(path);
  const last = keys.pop() ?? path;
  let current = root;
  keys.forEach((key, index) => {
    if (!Object.hasOwn(current, key) || current[key] === null) defineKey(current, key, {});
    const next = current[key];
    if (!isJsonObject(next)) throw throughNonObject(path, keys.slice(0, index + 1).join('.'), next);
    current = next;
  });
  defineKey(current, last, value);
}

/** Removes the value at `path` and returns it; undefined (and nothing removed) when it is not there. */
export function takeAt(root: JsonObject, path: string): Json | undefined {
  const keys = pathKeys(path);
  const last = keys.pop() ?? path;
  const parent = keys.length === 0 ? root : valueAt(root, keys.join('.'));
  if (!isJsonObject(parent) || !Object.hasOwn(parent, last)) return undefined;
  const value = parent[last];
  delete parent[last];
  return value;
}

// A plain assignment to "__proto__" would swap the object's prototype instead of adding a key.
function defineKey(target: JsonObject, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function throughNonObject(path: string, prefix: string, found: Json | undefined): NodeRunError {
  return new NodeRunError('invalid_path', `cannot write "${path}": "${prefix}" holds ${kindOf(found)}, not an object`, {
    details: { path, at: prefix },
  });
}

/** How a value reads in an error message: "a number", "an array"… */
export function kindOf(value: Json | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
