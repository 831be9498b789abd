import { readFile } from 'node:fs/promises';
import { isJsonObject, type Json, type JsonObject, jsonSchema } from '../engine/index.ts';

/**
 * A `<name>.sample.json` beside each example flow: one request a provider would send, the answer
 * the caller must get, and (for flows that call out) what the receiver must get, in order.
 */
export interface FlowSample {
  request: SampleRequest;
  response: SampleResponse;
  calls: SampleCall[];
}

export interface SampleRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** A JSON value for JSON requests; the exact raw text for form-encoded and text requests. */
  body: Json;
}

export interface SampleResponse {
  status: number;
  /** What the answer's content-type must start with. */
  contentType?: string;
  /** A JSON value for JSON answers, the exact text otherwise; absent when not deterministic. */
  body?: Json;
}

export interface SampleCall {
  method: string;
  body: Json;
}

export async function readSample(filePath: string): Promise<FlowSample> {
  return parseSample(jsonSchema.parse(JSON.parse(await readFile(filePath, 'utf8'))), filePath);
}

// flows/ is not a workspace package, so zod cannot be imported here; these few checks stand in.
export function parseSample(value: Json, source = 'sample'): FlowSample {
  const root = object(value, source);
  const request = object(root.request, `${source}: request`);
  const response = object(root.response, `${source}: response`);
  const headers = object(request.headers, `${source}: request.headers`);
  return {
    request: {
      method: text(request.method, `${source}: request.method`),
      path: text(request.path ?? '', `${source}: request.path`),
      headers: Object.fromEntries(Object.entries(headers).map(([name, item]) => [name.toLowerCase(), text(item, `${source}: header ${name}`)])),
      body: request.body ?? null,
    },
    response: {
      status: integer(response.status, `${source}: response.status`),
      ...(response.contentType === undefined ? {} : { contentType: text(response.contentType, `${source}: response.contentType`) }),
      ...(response.body === undefined ? {} : { body: response.body }),
    },
    calls: list(root.calls ?? [], `${source}: calls`).map((item, index) => {
      const call = object(item, `${source}: calls[${index}]`);
      return { method: text(call.method, `${source}: calls[${index}].method`), body: call.body ?? null };
    }),
  };
}

/** True when the request's content-type says JSON (application/json or any +json type). */
export function isJsonRequest(request: SampleRequest): boolean {
  return /^application\/([\w.-]+\+)?json$/.test(mediaType(request.headers['content-type']));
}

/** The exact bytes (as text) the sample request sends. */
export function rawBodyOf(request: SampleRequest): string {
  if (isJsonRequest(request)) return JSON.stringify(request.body);
  return text(request.body, 'a form-encoded or text sample body (it must be the raw string)');
}

/** The webhook trigger's payload for a sample request, as the ingress builds it. */
export function sampleEvent(request: SampleRequest): JsonObject {
  const rawBody = rawBodyOf(request);
  return { method: request.method, path: request.path, headers: request.headers, query: {}, body: parseBody(request, rawBody), rawBody };
}

function parseBody(request: SampleRequest, rawBody: string): Json {
  if (isJsonRequest(request)) return request.body;
  if (mediaType(request.headers['content-type']) !== 'application/x-www-form-urlencoded') return rawBody;
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(rawBody)) {
    const earlier = fields[name];
    fields[name] = earlier === undefined ? value : [...(Array.isArray(earlier) ? earlier : [earlier]), value];
  }
  return fields;
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function object(value: Json | undefined, what: string): JsonObject {
  if (isJsonObject(value)) return value;
  throw new Error(`${what} must be an object`);
}

function list(value: Json | undefined, what: string): Json[] {
  if (Array.isArray(value)) return value;
  throw new Error(`${what} must be an array`);
}

function text(value: Json | undefined, what: string): string {
  if (typeof value === 'string') return value;
  throw new Error(`${what} must be a string`);
}

function integer(value: Json | undefined, what: string): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw new Error(`${what} must be an integer`);
}
