import { createServer } from 'node:http';

export interface Receiver {
  url: string;
  bodies: unknown[];
  close(): Promise<void>;
}

/** A loopback HTTP endpoint that records the JSON bodies posted to it, standing in for a warehouse or CRM. */
export async function startReceiver(): Promise<Receiver> {
  const bodies: unknown[] = [];
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    request.on('end', () => {
      bodies.push(text === '' ? null : JSON.parse(text));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the receiver has no TCP address');
  return { url: `http://127.0.0.1:${address.port}/orders`, bodies, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
