import { once } from 'node:events';
import { createServer } from 'node:http';

export interface ReceivedCall {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface CallReceiver {
  /** Base URL of the receiver, e.g. http://127.0.0.1:43121 (any path is accepted). */
  url: string;
  /** Every request received so far, in arrival order. */
  calls: ReceivedCall[];
  close(): Promise<void>;
}

/**
 * A real HTTP endpoint on loopback that records what example flows send it and answers 200
 * with `{"received":true}`, standing in for the third-party system a flow calls.
 */
export async function startCallReceiver(): Promise<CallReceiver> {
  const calls: ReceivedCall[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      calls.push({ method: request.method ?? '', path: request.url ?? '/', headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"received":true}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the call receiver did not get a TCP port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    calls,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
