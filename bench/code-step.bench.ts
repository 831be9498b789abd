// How much a code step costs once the sandbox is warm: per-call latency percentiles for a small
// mapping, straight through the sandbox and as a whole step in an engine run. Prints figures;
// it is not a test and asserts nothing.
//
//   node scripts/toolchain.mjs node bench/code-step.bench.ts [calls]
import { createEngine, silentLogger, systemClock } from '../engine/index.ts';
import { builtinPacks, registryOf } from '../nodes/index.ts';
import { createCodeSandbox } from '../server/sandbox/code-sandbox.ts';

const calls = Number.parseInt(process.argv[2] ?? '5000', 10);
const warmup = Math.min(1_000, calls);
const source = 'return { orderId: input.id, total: input.lines.reduce((sum, line) => sum + line.qty * line.price, 0) };';
const input = { id: 1001, lines: [{ sku: 'A', qty: 2, price: 5 }, { sku: 'B', qty: 1, price: 10 }] };

/** `pauseMs` between calls stands for the rest of a flow: the sandbox readies its next context meanwhile. */
async function measure(label: string, count: number, call: () => Promise<unknown>, pauseMs = 0): Promise<void> {
  for (let i = 0; i < warmup; i++) await call();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    const before = performance.now();
    await call();
    samples.push(performance.now() - before);
  }
  const elapsed = samples.reduce((sum, sample) => sum + sample, 0);
  samples.sort((a, b) => a - b);
  const at = (fraction: number) => (samples[Math.min(samples.length - 1, Math.floor(fraction * samples.length))] ?? 0).toFixed(3);
  console.log(
    `${label.padEnd(34)} calls=${count} p50=${at(0.5)}ms p90=${at(0.9)}ms p99=${at(0.99)}ms max=${at(1)}ms  ${Math.round((count / elapsed) * 1000)}/s`,
  );
}

async function concurrent(label: string, count: number, parallel: number, call: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next++ < count) await call();
    }),
  );
  const elapsed = performance.now() - started;
  console.log(`${label.padEnd(34)} calls=${count} parallel=${parallel}  ${Math.round((count / elapsed) * 1000)}/s`);
}

const sandbox = createCodeSandbox();
const engine = createEngine({ registry: registryOf(builtinPacks), ports: { http: { request: () => Promise.reject(new Error('no network')) }, clock: systemClock, logger: silentLogger, code: sandbox } });
const plan = engine.plan({
  formatVersion: 1,
  id: 'code-bench',
  name: 'code bench',
  nodes: [
    { id: 'start', type: 'core.manual', typeVersion: 1, params: {} },
    { id: 'code', type: 'core.code', typeVersion: 1, params: { code: source } },
  ],
  edges: [{ from: { node: 'start', port: 'out' }, to: { node: 'code', port: 'in' } }],
});
const execution = { id: 'bench', flowId: 'code-bench', flowVersion: null };

try {
  const started = performance.now();
  await sandbox.run({ source: 'return 1', input: null, nodes: {}, trigger: null, timeoutMs: 5_000, memoryMb: 64 });
  console.log(`first call (starts the sandbox process): ${(performance.now() - started).toFixed(1)}ms`);
  const run = () => sandbox.run({ source, input, nodes: { start: input }, trigger: input, timeoutMs: 5_000, memoryMb: 64 });
  await measure('sandbox.run, back to back', calls, run);
  await measure('sandbox.run, 2 ms apart', Math.min(calls, 2_000), run, 2);
  await measure('flow manual → core.code (engine)', calls, () => engine.execute({ plan, execution, payload: input }));
  await concurrent('sandbox.run, concurrent', calls, 8, run);
} finally {
  await sandbox.close();
}
