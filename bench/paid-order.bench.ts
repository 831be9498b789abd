// Drives the example paid-order flow (webhook → filter → map → HTTP POST to a loopback receiver)
// through a real Weft process on its embedded PostgreSQL, and prints throughput, latency, memory
// and delivery counts. A benchmark, not a test: it prints figures and asserts nothing.
//
//   node scripts/toolchain.mjs node bench/paid-order.bench.ts [requests per run, default 2000]
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drive, peakRssMb, percentile, repoRoot, startCountingReceiver, startWeftProcess } from './bench-support.ts';
import { httpSender } from './http-sender.ts';
import { processCpuSeconds } from './process-cpu.ts';

const requestsPerRun = Number(process.argv[2] ?? 2000);
// Sent to each flow before the measured runs.
const WARM_UP_REQUESTS = 3000;
const WARM_UP_CONCURRENCY = 50;
const SUSTAINED_RUNS = 10;
const token = 'bench-token-0123456789abcdef';
const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

const dataDir = await mkdtemp(join(tmpdir(), 'weft-bench-'));
const receiver = await startCountingReceiver();
const weft = await startWeftProcess({ WEFT_DATA_DIR: dataDir, WEFT_API_TOKEN: token, WEFT_WORKER_CONCURRENCY: '50' });

const sample = JSON.parse(await readFile(join(repoRoot, 'flows', 'shopify-paid-order.sample.json'), 'utf8'));
const orderBody = JSON.stringify(sample.request.body);

async function publishVariant(id: string, responseMode: 'immediately' | 'whenFinished') {
  const document = JSON.parse(await readFile(join(repoRoot, 'flows', 'shopify-paid-order.flow.json'), 'utf8'));
  document.id = id;
  for (const node of document.nodes) {
    if (node.type === 'core.http') node.params.url = receiver.url;
    if (node.type === 'core.webhook') node.params.responseMode = responseMode;
  }
  for (const response of [
    await fetch(`${weft.url}/api/flows/import`, { method: 'POST', headers: auth, body: JSON.stringify(document) }),
    await fetch(`${weft.url}/api/flows/${id}/publish`, { method: 'POST', headers: auth }),
  ]) {
    if (!response.ok) throw new Error(`could not set up flow ${id}: ${response.status} ${await response.text()}`);
  }
}

/** Waits until `expected` distinct keys were called (or the time is up); returns the receiver's counts then. */
async function waitForDeliveries(expected: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await receiver.counts();
    if (counts.keys >= expected || Date.now() >= deadline) return counts;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const post = (flowId: string, concurrency: number) =>
  httpSender(`${weft.url}/hooks/${flowId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: orderBody, concurrency });
const fmt = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : 'n/a');

// Never leave Weft (and its PostgreSQL) running behind a benchmark that failed.
try {
  await publishVariant('bench-at-once', 'immediately');
  await publishVariant('bench-after-flow', 'whenFinished');
  // V8 optimizes a function only after many calls: figures taken straight after start would
  // measure the JIT warming up (a few hundred requests left the after-flow figures ~20% low).
  for (const flowId of ['bench-at-once', 'bench-after-flow']) await drive(WARM_UP_CONCURRENCY, WARM_UP_REQUESTS, post(flowId, WARM_UP_CONCURRENCY));
  await waitForDeliveries(2 * WARM_UP_REQUESTS, 60_000);

  const weftPid = weft.child.pid;
  if (weftPid === undefined) throw new Error('the Weft process has no pid');
  console.log(`paid-order benchmark: ${requestsPerRun} requests per run, Weft pid ${weftPid}\n`);
  console.log('mode          conc  accepted/s  p50 ms  p99 ms  completed/s  lost  duplicated  non-2xx  cpu ms/exec: weft  postgres  bench');
  const measure = async (mode: 'at-once' | 'after-flow', concurrency: number, requests: number, label: string = mode) => {
    const before = await receiver.forgetKeys();
    const cpuBefore = processCpuSeconds(weftPid, dataDir);
    const benchCpuBefore = process.cpuUsage();
    const started = performance.now();
    const run = await drive(concurrency, requests, post(`bench-${mode}`, concurrency));
    const accepted = [...run.statuses].filter(([status]) => status >= 200 && status < 300).reduce((sum, [, count]) => sum + count, 0);
    const delivered = await waitForDeliveries(accepted, 120_000);
    const completedSeconds = (performance.now() - started) / 1000;
    const cpuAfter = processCpuSeconds(weftPid, dataDir);
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const cpuMsPerExecution = (seconds: number) => fmt((seconds * 1000) / Math.max(1, delivered.keys));
    const duplicated = delivered.total - before.total - delivered.keys;
    const lost = accepted - delivered.keys;
    console.log(
      [
        label.padEnd(12),
        String(concurrency).padStart(5),
        fmt(accepted / run.seconds).padStart(11),
        fmt(percentile(run.latencies, 0.5)).padStart(7),
        fmt(percentile(run.latencies, 0.99)).padStart(7),
        fmt(delivered.keys / completedSeconds).padStart(12),
        String(lost).padStart(5),
        String(duplicated).padStart(11),
        String(requests - accepted).padStart(8),
        cpuMsPerExecution(cpuAfter.weft - cpuBefore.weft).padStart(19),
        cpuMsPerExecution(cpuAfter.postgres - cpuBefore.postgres).padStart(9),
        // This process: the load generator and the receiver.
        cpuMsPerExecution((benchCpu.user + benchCpu.system) / 1e6).padStart(6),
      ].join(' '),
    );
  };
  for (const mode of ['at-once', 'after-flow'] as const) {
    for (const concurrency of [1, 10, 50]) await measure(mode, concurrency, requestsPerRun);
  }
  // A run of 2,000 is a burst of about a second, which Weft accepts ahead of running it (see
  // server/workers/ingress-first.ts). Ten times as long shows what the machine sustains, when
  // accepting and running share the CPU and senders are paced to what Weft runs (see
  // JobDispatcher.reserve).
  await measure('at-once', 50, SUSTAINED_RUNS * requestsPerRun, 'sustained');
  console.log(`\npeak RSS of the Weft process: ${peakRssMb(weftPid)} MB (embedded PostgreSQL runs in its own processes)`);
} finally {
  weft.child.kill('SIGTERM');
  await new Promise((resolve) => weft.child.once('exit', resolve));
  await receiver.close();
  await rm(dataDir, { recursive: true, force: true });
}
