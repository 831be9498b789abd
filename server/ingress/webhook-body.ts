import type { Json, JsonObject } from '@weft/engine';
import secureJson from 'secure-json-parse';
import { HttpError } from '../plugins/error-handler.ts';

/** Reads a webhook body by its content type: JSON, form fields, or text (XML included). */
export function decodeWebhookBody(contentType: string | undefined, raw: string): Json {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (raw === '' && mediaType === '') return null;
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return parseJson(raw);
  if (mediaType === 'application/x-www-form-urlencoded') return parseFields(raw);
  if (mediaType.startsWith('text/') || mediaType === 'application/xml' || mediaType.endsWith('+xml') || mediaType === '') return raw;
  throw new HttpError(415, 'unsupported_media_type', `webhooks accept JSON, form-encoded and text bodies, not "${mediaType}"`);
}

function parseJson(raw: string): Json {
  if (raw.trim() === '') throw new HttpError(400, 'invalid_json', 'the body is empty but the content-type says JSON');
  try {
    // A body that cannot spell either key (not even with \u escapes) needs no scan for them.
    if (!raw.includes('__proto__') && !raw.includes('constructor') && !raw.includes('\\u')) return JSON.parse(raw) as Json;
    // Refuses `__proto__` keys and `constructor.prototype`, which could poison objects downstream.
    const parsed: Json = secureJson.parse(raw, undefined, { protoAction: 'error', constructorAction: 'error' });
    return parsed;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/forbidden (prototype|constructor) property/.test(message)) {
      throw new HttpError(400, 'forbidden_key', `the body holds a key that could poison objects (__proto__ or constructor.prototype)`);
    }
    throw new HttpError(400, 'invalid_json', `the body is not valid JSON: ${message}`);
  }
}

const FORBIDDEN_FORM_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Form fields (or a query string) as an object; a field sent more than once becomes an array of its values. */
export function parseFields(raw: string): JsonObject {
  const fields: JsonObject = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (FORBIDDEN_FORM_KEYS.has(key)) throw new HttpError(400, 'forbidden_key', `the field name "${key}" is not allowed`);
    const existing = fields[key];
    if (existing === undefined) fields[key] = value;
    else fields[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return fields;
}
