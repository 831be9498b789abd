import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { AddressNotAllowedError, type AddressPolicy, guardedLookup, hostOf } from '../adapters/address-policy.ts';

/** How much of an answer is read and kept; the rest is never downloaded. */
export const RESPONSE_PREVIEW_BYTES = 4 * 1024;

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export type WebhookResult =
  | { kind: 'answered'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'error'; code: string; message: string };

export interface WebhookSender {
  send(request: WebhookRequest): Promise<WebhookResult>;
  close(): void;
}

/**
 * POSTs webhooks with node:http rather than fetch: the connection goes only to addresses the policy
 * allows (checked on the resolved address, at connect time), redirects are never followed, the
 * answer is read up to 4 KiB and the socket dropped, and one timeout covers the whole attempt.
 */
export function createWebhookSender(policy: AddressPolicy): WebhookSender {
  const lookup = guardedLookup(policy);
  // Idle keep-alive sockets are dropped after 4 s, before the common 5 s server-side idle timeout,
  // so a delivery is rarely sent down a socket the receiver is closing.
  const agents = { http: new http.Agent({ keepAlive: true, timeout: 4_000 }), https: new https.Agent({ keepAlive: true, timeout: 4_000 }) };
  return {
    send: (request) => send(request, { policy, lookup, agents }),
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

interface SendContext {
  policy: AddressPolicy;
  lookup: ReturnType<typeof guardedLookup>;
  agents: { http: http.Agent; https: https.Agent };
}

function send(request: WebhookRequest, context: SendContext): Promise<WebhookResult> {
  const url = URL.parse(request.url);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    return Promise.resolve({ kind: 'error', code: 'invalid_url', message: 'not an http(s) URL' });
  }
  // The lookup guard never sees IP literals: net connects to them without resolving.
  const host = hostOf(url);
  if (isIP(host) !== 0 && !context.policy.isAllowed(host)) {
    return Promise.resolve({ kind: 'error', code: 'address_not_allowed', message: `${host} is a private address` });
  }
  const client = url.protocol === 'https:' ? https : http;
  const agent = url.protocol === 'https:' ? context.agents.https : context.agents.http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: WebhookResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const outgoing = client.request(url, {
      method: 'POST',
      headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body).toString() },
      lookup: context.lookup,
      agent,
    });
    const timer = setTimeout(() => {
      finish({ kind: 'error', code: 'timeout', message: `no complete answer within ${request.timeoutMs} ms` });
      outgoing.destroy();
    }, request.timeoutMs);
    outgoing.on('error', (error) => finish(errorResult(error)));
    outgoing.on('response', (response) => readPreview(response, (body) => {
      finish({ kind: 'answered', status: response.statusCode ?? 0, headers: headersOf(response.headers), body });
    }));
    outgoing.end(request.body);
  });
}

function readPreview(response: http.IncomingMessage, done: (body: string) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  const complete = () => done(Buffer.concat(chunks).subarray(0, RESPONSE_PREVIEW_BYTES).toString('utf8').replaceAll('\u0000', ''));
  response.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    // Enough for the log: stop reading, and drop the connection rather than drain a large answer.
    if (size >= RESPONSE_PREVIEW_BYTES) {
      complete();
      response.destroy();
    }
  });
  response.on('end', complete);
  response.on('error', complete);
}

function headersOf(headers: http.IncomingHttpHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) result[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}

function errorResult(error: Error): WebhookResult {
  if (error instanceof AddressNotAllowedError) return { kind: 'error', code: error.code, message: error.message };
  const code = 'code' in error && typeof error.code === 'string' ? error.code.toLowerCase() : 'request_failed';
  return { kind: 'error', code, message: error.message };
}
