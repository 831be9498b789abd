import type { JsonObject } from '@weft/engine';
import type { FastifyRequest } from 'fastify';
import { decodeWebhookBody, parseFields } from './webhook-body.ts';

/**
 * The event a webhook trigger outputs: `{ method, path, headers, query, body, rawBody }`.
 * Header names are lowercased; `rawBody` is the exact text received, for signature checks.
 */
export function webhookPayload(request: FastifyRequest, subPath: string, rawBody: string): JsonObject {
  return {
    method: request.method,
    path: subPath,
    headers: flattenHeaders(request.headers),
    query: queryOf(request.url),
    body: decodeWebhookBody(request.headers['content-type'], rawBody),
    rawBody,
  };
}

/** The part of a hook URL after the flow id, without leading or trailing slashes. */
export function hookSubPath(wildcard: string | undefined): string {
  return (wildcard ?? '').replace(/^\/+|\/+$/g, '');
}

/** Header names lowercased; a header sent more than once becomes one value joined with ", ". */
export function flattenHeaders(headers: FastifyRequest['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function queryOf(url: string): JsonObject {
  return parseFields(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
}
