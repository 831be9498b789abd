import { type HttpPort, type HttpRequest, type HttpResponse, NodeRunError, startDeadline } from '@weft/engine';

/**
 * An HttpPort over the global fetch, for tests and tools. It reaches any address (no private-address
 * guard), so it is for loopback servers, not for production.
 */
export function fetchHttpPort(): HttpPort {
  return { request: send };
}

async function send(request: HttpRequest): Promise<HttpResponse> {
  const deadline = startDeadline(request.timeoutMs, request.signal);
  const { signal } = deadline;
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: typeof request.body === 'string' ? request.body : new Uint8Array(request.body) }),
      redirect: 'manual',
      signal,
    });
    // Headers hands names over lowercased.
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    if (request.responseType === 'bytes') return { status: response.status, headers, body: '', bytes: new Uint8Array(await response.arrayBuffer()) };
    return { status: response.status, headers, body: await response.text() };
  } catch (error) {
    // The execution itself was stopped: let the engine record that, not a failed call.
    if (request.signal?.aborted === true) throw error;
    const target = `${request.method} ${request.url}`;
    if (deadline.timedOut()) {
      throw new NodeRunError('http_timeout', `${target} did not answer within ${request.timeoutMs} ms`, { retryable: true, cause: error });
    }
    throw new NodeRunError('http_request_failed', `${target} failed: ${reasonOf(error)}`, { retryable: true, cause: error });
  } finally {
    deadline.release();
  }
}

// fetch reports network failures as `TypeError: fetch failed` with the real reason in `cause`.
function reasonOf(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) return 'code' in cause && typeof cause.code === 'string' ? `${cause.code} (${cause.message})` : cause.message;
  return error instanceof Error ? error.message : String(error);
}
