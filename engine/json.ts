import { z } from 'zod';

/** A JSON value: what flows between steps, what params hold, what is stored. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const jsonSchema: z.ZodType<Json> = z.json();

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns what JSONata or a node produced into plain JSON: drops undefined and functions,
 * copies arrays out of JSONata's sequence wrappers and refuses non-finite numbers.
 */
export function toJson(value: unknown): Json {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.filter((item) => item !== undefined && typeof item !== 'function').map(toJson);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const result: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined || typeof item === 'function') continue;
      // Assigning to "__proto__" would set the prototype and lose the key; a payload may carry one.
      // Only that key is defined as a property: defining every key would make each copy a slow
      // dictionary-mode object, to build and to serialize.
      if (key === '__proto__') Object.defineProperty(result, key, { value: toJson(item), enumerable: true, writable: true, configurable: true });
      else result[key] = toJson(item);
    }
    return result;
  }
  return null;
}
