// A loopback receiver that counts calls per idempotency key, standing in for the order system. It
// runs in a worker thread (see startCountingReceiver), so that answering Weft's calls never waits
// behind the load generator on the main thread, as a real receiver would not.
import { createServer } from 'node:http';
import { parentPort } from 'node:worker_threads';

/** Asked by the main thread, one at a time; each is answered with the counts (close: once closed). */
export type ReceiverCommand = 'count' | 'forget-keys' | 'close';
export interface ReceiverCounts {
  /** Distinct idempotency keys called since the keys were last forgotten. */
  keys: number;
  /** Calls since the start. */
  total: number;
}

const port = parentPort;
if (port === null) throw new Error('counting-receiver.ts runs as a worker thread');
const callsByKey = new Map<string, number>();
let total = 0;
const server = createServer((request, response) => {
  const key = request.headers['idempotency-key']?.toString() ?? '';
  callsByKey.set(key, (callsByKey.get(key) ?? 0) + 1);
  total += 1;
  request.resume();
  request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  port.postMessage(typeof address === 'object' && address !== null ? address.port : 0);
});
port.on('message', (command: ReceiverCommand) => {
  const counts = (): ReceiverCounts => ({ keys: callsByKey.size, total });
  if (command === 'forget-keys') callsByKey.clear();
  if (command !== 'close') return port.postMessage(counts());
  server.closeAllConnections();
  server.close(() => port.postMessage(counts()));
});
