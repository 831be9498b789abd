import { type HttpResponse, type NodeContext, type NodeCredential, NodeRunError } from '@weft/engine';
import { lowercaseKeys } from '../../sdk/index.ts';
import { authHeaders, isRenewable } from '../credentials/auth-headers.ts';
import type { HttpParams } from './http-params.ts';
import { encodeBody, METHODS_WITHOUT_BODY } from './request-body.ts';
import { bodyPreview } from './response-body.ts';

/** Sends the step's request to one URL after another (pages), with its method, headers, body and auth. */
export interface HttpCall {
  /** `page` counts from 1; it keeps each page's Idempotency-Key distinct. */
  send(url: string, page: number): Promise<HttpResponse>;
}

export async function prepareCall(context: NodeContext<HttpParams>): Promise<HttpCall> {
  const { params, http, signal, idempotencyKey } = context;
  const headers = lowercaseKeys(params.headers);
  const encoded = await encodeBody(params);
  if (encoded !== undefined && (encoded.fixedContentType || headers['content-type'] === undefined)) headers['content-type'] = encoded.contentType;
  // A key the flow sets itself is its own business; ours must differ per page, or a receiver would drop page 2 as a repeat.
  const keyed = !METHODS_WITHOUT_BODY.has(params.method) && headers['idempotency-key'] === undefined;
  let auth = context.credentials.auth;

  const request = (url: string, page: number, credential: NodeCredential | undefined) =>
    http.request({
      method: params.method,
      url,
      headers: {
        ...headers,
        ...(keyed ? { 'idempotency-key': page === 1 ? idempotencyKey : `${idempotencyKey}:page-${page}` } : {}),
        ...(credential === undefined ? {} : authHeaders(credential)),
      },
      ...(encoded === undefined ? {} : { body: encoded.body }),
      timeoutMs: params.timeoutMs,
      signal,
      ...(params.responseFormat === 'binary' ? { responseType: 'bytes' as const } : {}),
    });

  return {
    async send(url, page) {
      const response = await request(url, page, auth);
      if (response.status !== 401 || auth === undefined || !isRenewable(auth)) return response;
      // A refused OAuth2 token may have been revoked or expired early: renew it once, try again, and keep it for later pages.
      auth = await auth.refresh();
      return request(url, page, auth);
    },
  };
}

export function succeeded(response: HttpResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

/** Fails the step on an answer outside 2xx, unless the flow asked to see such answers. */
export function rejectHttpError(params: HttpParams, url: string, response: HttpResponse): void {
  if (succeeded(response) || !params.failOnHttpError) return;
  throw new NodeRunError('http_error', `${params.method} ${url} answered ${response.status}`, {
    retryable: response.status >= 500 || response.status === 429,
    details: { status: response.status, body: bodyPreview(response) },
  });
}
