import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { type HttpPort, type HttpRequest, type HttpResponse, NodeRunError, startDeadline } from '@weft/engine';
import { AddressNotAllowedError, type AllowedPrivateAddresses, createAddressPolicy } from './address-policy.ts';
import { createHopTransport, type Hop, type HopTransport } from './guarded-hop.ts';
import { readCappedBytes, readCappedText } from './read-capped-body.ts';

/** Largest response body a step may receive; bigger answers fail rather than fill memory. */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** Redirects followed before giving up; each hop is checked against the address policy. */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Headers describing a body, dropped when a redirect turns the request into a GET.
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']);
// Headers carrying credentials, dropped when a redirect leaves the origin they were meant for.
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

export interface FetchHttpPortOptions {
  /** Private, loopback, link-local and metadata addresses the port may reach anyway. */
  allowPrivate: AllowedPrivateAddresses;
}

/**
 * Outbound HTTP for nodes, with fetch's manners (decompression, redirects, text or byte bodies) but never to
 * a private, loopback, link-local or metadata address the operator did not allow: each address is
 * checked when connecting, and redirects are followed by hand so every hop is checked too.
 */
export function createFetchHttpPort(options: FetchHttpPortOptions): HttpPort {
  const transport = createHopTransport(createAddressPolicy(options.allowPrivate));
  return { request: (request) => sendRequest(request, transport) };
}

async function sendRequest(request: HttpRequest, transport: HopTransport): Promise<HttpResponse> {
  const target = `${request.method} ${request.url}`;
  const url = URL.parse(request.url);
  if (url === null || !isHttp(url)) throw new NodeRunError('invalid_url', `${target} failed: not a valid http(s) URL`);
  const deadline = startDeadline(request.timeoutMs, request.signal);
  const { signal } = deadline;
  const first: Hop = { url, method: request.method.toUpperCase(), headers: withDefaults(request.headers), body: request.body, signal };
  try {
    const { response, method } = await follow(first, transport, target);
    const reading = { limit: MAX_RESPONSE_BYTES, method, signal };
    const head = { status: response.statusCode ?? 0, headers: headersOf(response.headers) };
    const body = request.responseType === 'bytes' ? await readCappedBytes(response, reading) : await readCappedText(response, reading);
    if (body === undefined) {
      throw new NodeRunError('http_response_too_large', `${target}: the response body is larger than ${MAX_RESPONSE_BYTES} bytes`);
    }
    return typeof body === 'string' ? { ...head, body } : { ...head, body: '', bytes: body };
  } catch (error) {
    throw toRequestError(error, { target, timeoutMs: request.timeoutMs, timedOut: deadline.timedOut(), caller: request.signal });
  } finally {
    deadline.release();
  }
}

async function follow(first: Hop, transport: HopTransport, target: string): Promise<{ response: IncomingMessage; method: string }> {
  let hop = first;
  for (let redirects = 0; ; redirects++) {
    const response = await transport.open(hop);
    const location = response.headers.location;
    const status = response.statusCode ?? 0;
    if (!REDIRECT_STATUSES.has(status) || location === undefined) return { response, method: hop.method };
    // The redirect's own body is never wanted; dropping the socket beats downloading it.
    response.destroy();
    if (redirects === MAX_REDIRECTS) {
      throw new NodeRunError('http_request_failed', `${target} failed: more than ${MAX_REDIRECTS} redirects`);
    }
    hop = nextHop(hop, status, location, target);
  }
}

/** Where a redirect leads, with fetch's rules: 303 (and 301/302 after POST) become a GET without body. */
function nextHop(hop: Hop, status: number, location: string, target: string): Hop {
  const url = URL.parse(location, hop.url);
  if (url === null || !isHttp(url)) throw new NodeRunError('invalid_url', `${target} failed: redirected to ${location}, not an http(s) URL`);
  const toGet = (status === 303 && hop.method !== 'HEAD') || ((status === 301 || status === 302) && hop.method === 'POST');
  const dropped = new Set([...(toGet ? BODY_HEADERS : []), ...(url.origin === hop.url.origin ? [] : CREDENTIAL_HEADERS)]);
  const headers = Object.fromEntries(Object.entries(hop.headers).filter(([name]) => !dropped.has(name.toLowerCase())));
  return { url, method: toGet ? 'GET' : hop.method, headers, body: toGet ? undefined : hop.body, signal: hop.signal };
}

function isHttp(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:';
}

// What fetch would send when the caller does not say; compressed answers are decoded on reading.
function withDefaults(headers: Record<string, string>): Record<string, string> {
  const given = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
  const defaults = Object.entries({ accept: '*/*', 'accept-encoding': 'gzip, deflate, br' }).filter(([name]) => !given.has(name));
  return { ...Object.fromEntries(defaults), ...headers };
}

function headersOf(headers: IncomingHttpHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  // Node lowercases names and joins repeated headers with ", ", except set-cookie, which it keeps as a list.
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) result[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}

interface FailureContext {
  target: string;
  timeoutMs: number;
  timedOut: boolean;
  caller: AbortSignal | undefined;
}

function toRequestError(error: unknown, context: FailureContext): unknown {
  if (error instanceof NodeRunError) return error;
  // The caller stopping the execution is not this request's failure: hand the engine its own reason.
  if (context.caller?.aborted === true) return context.caller.reason;
  if (context.timedOut) {
    return new NodeRunError('http_timeout', `${context.target} timed out after ${context.timeoutMs} ms`, { retryable: true, cause: error });
  }
  if (error instanceof AddressNotAllowedError && error.code === 'address_not_allowed') {
    const hint = 'list it in WEFT_ALLOW_PRIVATE_NETWORKS to allow it';
    return new NodeRunError('address_not_allowed', `${context.target} refused: ${error.message}; ${hint}`, { cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new NodeRunError('http_request_failed', `${context.target} failed: ${reason}`, { retryable: true, cause: error });
}
