// Outbound webhooks under load: publishes N events through the API to three loopback receivers —
// one healthy, one failing 1 request in 4, one gone (410) — and reports the publish rate, the time
// until every delivery to the live receivers settled, and the final counts. Prints figures; it is
// not a test and asserts nothing.
//
//   node scripts/toolchain.mjs node bench/webhook-delivery.bench.ts [events]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../server/config.ts';
import { startReceiver } from '../server/delivery/test-receiver.ts';
import { startWeft } from '../server/server.ts';

const events = Number.parseInt(process.argv[2] ?? '2000', 10);
const token = 'bench-token-0123456789abcdef';
const dataDir = await mkdtemp(join(tmpdir(), 'weft-bench-'));
const weft = await startWeft(
  loadConfig({
    WEFT_DATA_DIR: dataDir,
    PORT: '0',
    WEFT_API_TOKEN: token,
    WEFT_LOG_LEVEL: 'silent',
    WEFT_ALLOW_PRIVATE_DELIVERY_URLS: '127.0.0.0/8',
    WEFT_DELIVERY_POLL_SECONDS: '0.5',
  }),
);
const api = async (path: string, body?: unknown): Promise<unknown> => {
  const response = await fetch(`${weft.url ?? ''}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return response.json();
};
const idOf = (value: unknown): string => (typeof value === 'object' && value !== null && 'id' in value ? String(value.id) : '');

const healthy = await startReceiver(() => ({ status: 200 }));
const flaky = await startReceiver((index) => (index % 4 === 3 ? { status: 500 } : { status: 200 }));
const gone = await startReceiver(() => ({ status: 410 }));
const subscriptions = {
  healthy: idOf(await api('/api/subscriptions', { url: healthy.url, eventTypes: ['order.*'] })),
  flaky: idOf(await api('/api/subscriptions', { url: flaky.url, eventTypes: ['order.*'], retrySchedule: [1, 1, 1, 1, 1] })),
  gone: idOf(await api('/api/subscriptions', { url: gone.url, eventTypes: ['*'] })),
};

const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: 20 }, async () => {
    while (next < events) await api('/api/events', { type: 'order.created', data: { n: next++ }, idempotencyKey: `bench-${next}` });
  }),
);
const published = performance.now();
console.log(`published ${events} events in ${Math.round(published - started)} ms (${Math.round((events / (published - started)) * 1000)}/s)`);

const statsOf = async (id: string) => api(`/api/subscriptions/${id}/stats`);
const settled = (stats: unknown) => typeof stats === 'object' && stats !== null && 'pending' in stats && stats.pending === 0;
for (;;) {
  const [a, b] = await Promise.all([statsOf(subscriptions.healthy), statsOf(subscriptions.flaky)]);
  if (settled(a) && settled(b)) break;
  await new Promise((resolve) => setTimeout(resolve, 250));
}
const done = performance.now();
console.log(`every live delivery settled ${Math.round(done - started)} ms after the first publish`);
for (const [name, id] of Object.entries(subscriptions)) console.log(`${name.padEnd(8)} ${JSON.stringify(await statsOf(id))}`);
console.log(`requests received: healthy=${healthy.requests.length} flaky=${flaky.requests.length} gone=${gone.requests.length}`);

await weft.close();
await Promise.all([healthy.close(), flaky.close(), gone.close()]);
await rm(dataDir, { recursive: true, force: true });
