import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the loopback server received it; header names are lowercase. */
export interface ReceivedRequest {
  method: string;
  /** Path and query string, e.g. `/orders?page=2`. */
  path: string;
  headers: Record<string, string>;
  /** The body decoded as UTF-8. */
  body: string;
  /** The body as received, for binary uploads. */
  bytes: Uint8Array<ArrayBuffer>;
}

export interface LoopbackReply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export type LoopbackHandler = (request: ReceivedRequest) => LoopbackReply | Promise<LoopbackReply>;

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  /** Every request received so far, in arrival order. */
  requests: ReceivedRequest[];
  /** Stops the server and drops open connections, including ones still waiting for an answer. */
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 and a free port, for testing nodes that call out. The handler
 * sees each request with its body read; a handler that never settles simulates a server that hangs.
 */
export async function startLoopbackServer(handler: LoopbackHandler = () => ({})): Promise<LoopbackServer> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    void answer(incoming, outgoing, handler, requests);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = addressOf(server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function answer(incoming: IncomingMessage, outgoing: ServerResponse, handler: LoopbackHandler, requests: ReceivedRequest[]) {
  try {
    const request = await receive(incoming);
    requests.push(request);
    const reply = await handler(request);
    outgoing.writeHead(reply.status ?? 200, reply.headers ?? {});
    outgoing.end(reply.body ?? '');
  } catch (error) {
    if (outgoing.headersSent || outgoing.destroyed) return;
    outgoing.writeHead(500, { 'content-type': 'text/plain' });
    outgoing.end(`loopback handler failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function receive(incoming: IncomingMessage): Promise<ReceivedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const bytes = Buffer.concat(chunks);
  return { method: incoming.method ?? '', path: incoming.url ?? '', headers, body: bytes.toString('utf8'), bytes: new Uint8Array(bytes) };
}

function addressOf(address: string | AddressInfo | null): AddressInfo {
  if (address === null || typeof address === 'string') throw new Error('the loopback server has no TCP address');
  return address;
}
