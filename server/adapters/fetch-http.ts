import { type HttpPort, type HttpRequest, type HttpResponse, NodeRunError } from '@weft/engine';

/** Largest response body a step may receive; bigger answers fail rather than fill memory. */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/**
 * Outbound HTTP through Node's global fetch. It reaches any address: refusing private, loopback
 * and metadata addresses is a separate guard the server will add in front of it.
 */
export function createFetchHttpPort(): HttpPort {
  return { request: sendRequest };
}

async function sendRequest(request: HttpRequest): Promise<HttpResponse> {
  const target = `${request.method} ${request.url}`;
  if (!URL.canParse(request.url)) throw new NodeRunError('invalid_url', `${target} failed: not a valid URL`);
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal === undefined ? timeout : AbortSignal.any([request.signal, timeout]);
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: bodyInit(request.body) }),
      redirect: 'follow',
      signal,
    });
    const body = await readCapped(response, target);
    return { status: response.status, headers: headersOf(response.headers), body };
  } catch (error) {
    throw toRequestError(error, { target, timeoutMs: request.timeoutMs, timeout, caller: request.signal });
  }
}

// fetch's types take only ArrayBuffer-backed bytes; a copy also covers SharedArrayBuffer views.
function bodyInit(body: string | Uint8Array): string | Uint8Array<ArrayBuffer> {
  return typeof body === 'string' ? body : new Uint8Array(body);
}

function headersOf(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  // Headers iterates names already lowercased, with repeated headers joined by ", ".
  headers.forEach((value, name) => {
    result[name] = value;
  });
  return result;
}

/** Reads the body as UTF-8 text, failing as soon as it grows past MAX_RESPONSE_BYTES. */
async function readCapped(response: Response, target: string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > MAX_RESPONSE_BYTES) {
    await response.body?.cancel();
    throw tooLarge(target);
  }
  if (response.body === null) return '';
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  let received = 0;
  let text = '';
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) return text + decoder.decode();
    received += chunk.value.byteLength;
    if (received > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      throw tooLarge(target);
    }
    text += decoder.decode(chunk.value, { stream: true });
  }
}

function tooLarge(target: string): NodeRunError {
  return new NodeRunError('http_response_too_large', `${target}: the response body is larger than ${MAX_RESPONSE_BYTES} bytes`);
}

interface FailureContext {
  target: string;
  timeoutMs: number;
  timeout: AbortSignal;
  caller: AbortSignal | undefined;
}

function toRequestError(error: unknown, context: FailureContext): unknown {
  if (error instanceof NodeRunError) return error;
  // The caller stopping the execution is not this request's failure: hand the engine its own reason.
  if (context.caller?.aborted === true) return context.caller.reason;
  if (context.timeout.aborted) {
    return new NodeRunError('http_timeout', `${context.target} timed out after ${context.timeoutMs} ms`, { retryable: true, cause: error });
  }
  return new NodeRunError('http_request_failed', `${context.target} failed: ${causeOf(error)}`, { retryable: true, cause: error });
}

/** fetch reports network errors as a bare "fetch failed" TypeError; the useful words are in its cause. */
function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error) return cause.message === '' && 'code' in cause ? String(cause.code) : cause.message;
  return error.message;
}
