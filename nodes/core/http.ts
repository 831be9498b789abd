import { type HttpResponse, type Json, jsonSchema, type NodeCredential, NodeRunError } from '@weft/engine';
import { z } from 'zod';
import { defineNode, expressionField, lowercaseKeys } from '../sdk/index.ts';
import { authHeaders, HTTP_AUTH_TYPES, isRenewable } from './credentials/auth-headers.ts';

const methodsWithoutBody = new Set(['GET', 'HEAD', 'OPTIONS']);
const ERROR_BODY_PREVIEW = 1_000;

export const httpParams = z.strictObject({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']).default('GET').meta({ title: 'Method' }),
  url: expressionField(z.url({ protocol: /^https?$/ }), 'The http(s) URL to call.'),
  headers: z.record(z.string(), z.string()).default({}).meta({ title: 'Headers' }),
  bodyType: z
    .enum(['none', 'json', 'text'])
    .default('json')
    .meta({ title: 'Body type', description: 'json sends "body" as JSON; text sends it as a string; none sends no body.' }),
  body: expressionField(jsonSchema.optional(), 'The request body; strings starting with = are JSONata.'),
  timeoutMs: z.int().min(1).max(300_000).default(30_000).meta({ title: 'Timeout (ms)' }),
  failOnHttpError: z
    .boolean()
    .default(true)
    .meta({ title: 'Fail on HTTP error', description: 'When on, an answer outside 2xx fails the step.' }),
});

export const httpNode = defineNode({
  type: 'core.http',
  typeVersion: 1,
  displayName: 'HTTP request',
  description:
    'Calls an HTTP endpoint and outputs { status, headers, body } (body parsed when the answer is JSON). Requests with a body carry an Idempotency-Key header stable for this step.',
  category: 'Actions',
  icon: 'globe',
  params: httpParams,
  sample: { status: 200, headers: { 'content-type': 'application/json' }, body: { ok: true } },
  credentials: { auth: { types: HTTP_AUTH_TYPES, optional: true } },
  run: async ({ params, http, idempotencyKey, signal, credentials }) => {
    const headers = lowercaseKeys(params.headers);
    const body = encodeBody(params.method, params.bodyType, params.body, headers);
    if (!methodsWithoutBody.has(params.method) && headers['idempotency-key'] === undefined) {
      headers['idempotency-key'] = idempotencyKey;
    }
    const send = (auth: NodeCredential | undefined) =>
      http.request({
        method: params.method,
        url: params.url,
        headers: auth === undefined ? headers : { ...headers, ...authHeaders(auth) },
        ...(body === undefined ? {} : { body }),
        timeoutMs: params.timeoutMs,
        signal,
      });
    const auth = credentials.auth;
    let response = await send(auth);
    // A refused OAuth2 token may have been revoked or expired early: renew it once and try again.
    if (response.status === 401 && auth !== undefined && isRenewable(auth)) response = await send(await auth.refresh());
    const output = { status: response.status, headers: response.headers, body: decodeBody(response) };
    const succeeded = response.status >= 200 && response.status < 300;
    if (!succeeded && params.failOnHttpError) {
      throw new NodeRunError('http_error', `${params.method} ${params.url} answered ${response.status}`, {
        retryable: response.status >= 500 || response.status === 429,
        details: { status: response.status, body: response.body.slice(0, ERROR_BODY_PREVIEW) },
      });
    }
    return { output };
  },
});

function encodeBody(method: string, bodyType: 'none' | 'json' | 'text', body: Json | undefined, headers: Record<string, string>) {
  if (methodsWithoutBody.has(method) || bodyType === 'none' || body === undefined) return undefined;
  if (bodyType === 'json') {
    headers['content-type'] ??= 'application/json';
    return JSON.stringify(body);
  }
  if (typeof body !== 'string') throw new NodeRunError('invalid_body', 'a text body must be a string');
  headers['content-type'] ??= 'text/plain; charset=utf-8';
  return body;
}

function decodeBody(response: HttpResponse): Json {
  const contentType = response.headers['content-type'] ?? '';
  if (!/[/+]json\b/i.test(contentType) || response.body === '') return response.body;
  try {
    const parsed: Json = JSON.parse(response.body);
    return parsed;
  } catch {
    return response.body;
  }
}
