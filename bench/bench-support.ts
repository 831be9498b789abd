import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Answer } from './http-sender.ts';
import type { ReceiverCommand, ReceiverCounts } from './counting-receiver.ts';

export const repoRoot = join(import.meta.dirname, '..');

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createNetServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

export interface CountingReceiver {
  url: string;
  counts(): Promise<ReceiverCounts>;
  /** Starts a new run: keys called before are forgotten (the total keeps counting). */
  forgetKeys(): Promise<ReceiverCounts>;
  close(): Promise<ReceiverCounts>;
}

/** Starts the counting receiver (counting-receiver.ts) in a worker thread of its own. */
export async function startCountingReceiver(): Promise<CountingReceiver> {
  const worker = new Worker(new URL('./counting-receiver.ts', import.meta.url));
  // The receiver answers one command at a time, in order.
  let waiting: { resolve(message: unknown): void; reject(error: Error): void } | undefined;
  worker.on('message', (message: unknown) => waiting?.resolve(message));
  worker.on('error', (error: Error) => waiting?.reject(error));
  const next = () => new Promise<unknown>((resolve, reject) => (waiting = { resolve, reject }));
  const ask = async (command: ReceiverCommand) => {
    const answer = next();
    worker.postMessage(command);
    return (await answer) as ReceiverCounts;
  };
  const port = Number(await next());
  return {
    url: `http://127.0.0.1:${port}/orders`,
    counts: () => ask('count'),
    forgetKeys: () => ask('forget-keys'),
    async close() {
      const counts = await ask('close');
      await worker.terminate();
      return counts;
    },
  };
}

/** Starts `weft start` as its own process (with its own embedded PostgreSQL) and waits until healthy. */
export async function startWeftProcess(environment: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  // With the heap settings `npm start` uses (package.json, weft:start).
  const child = spawn(process.execPath, ['--max-semi-space-size=32', '--heap-growing-percent=100', join(repoRoot, 'server', 'cli', 'weft.ts'), 'start'], {
    // The benchmarks' receivers listen on loopback, which Weft refuses unless allowed.
    env: { ...process.env, PORT: String(port), WEFT_LOG_LEVEL: 'error', WEFT_ALLOW_PRIVATE_NETWORKS: '127.0.0.0/8,::1/128', ...environment },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 600; attempt++) {
    if (await fetch(`${url}/api/health`).then((response) => response.ok, () => false)) return { child, url };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('Weft did not start');
}

/** Peak resident memory of a process, from /proc (Linux). */
export function peakRssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return Math.round(kilobytes / 1024);
}

export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

/** Sends `total` requests with `concurrency` in flight at once; returns each latency (ms) and status. */
export async function drive(concurrency: number, total: number, send: () => Promise<Answer>) {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next += 1;
        const sentAt = performance.now();
        const answer = await send();
        latencies.push(performance.now() - sentAt);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, latencies: latencies.sort((a, b) => a - b), statuses };
}
