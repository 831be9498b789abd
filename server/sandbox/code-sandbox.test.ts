import { readFileSync } from 'node:fs';
import { CodeRunError, type CodeRequest, type Json } from '@weft/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCodeSandbox, type ProcessCodeSandbox } from './code-sandbox.ts';

let sandbox: ProcessCodeSandbox;
beforeAll(() => {
  sandbox = createCodeSandbox({ concurrency: 2 });
});
afterAll(async () => sandbox?.close());

const order = { body: { id: 1001, lines: [{ sku: 'A', qty: 2, price: 5 }, { sku: 'B', qty: 1, price: 10 }] } };

function request(source: string, overrides: Partial<CodeRequest> = {}): CodeRequest {
  return { source, input: order, nodes: { start: order, lookup: { vip: true } }, trigger: { kind: 'manual' }, timeoutMs: 2_000, memoryMb: 64, ...overrides };
}

/** The CodeRunError a run fails with; fails the test when the run succeeds. */
async function failure(run: Promise<unknown>): Promise<CodeRunError> {
  const outcome = await run.then(
    (value) => new Error(`expected the run to fail, it returned ${JSON.stringify(value)}`),
    (error: unknown) => error,
  );
  if (!(outcome instanceof CodeRunError)) throw outcome;
  return outcome;
}

async function expectHealthy(target: ProcessCodeSandbox = sandbox): Promise<void> {
  await expect(target.run(request('return input.body.id + 1'))).resolves.toEqual({ value: 1002, logs: [] });
}

describe('code sandbox: results', () => {
  it.each<[string, string, Json]>([
    ['maps the input', 'return { id: input.body.id, total: input.body.lines.reduce((sum, l) => sum + l.qty * l.price, 0) }', { id: 1001, total: 20 }],
    ['reads upstream outputs and the trigger', 'return { vip: nodes.lookup.vip, from: trigger.kind, first: nodes.start.body.lines[0].sku }', { vip: true, from: 'manual', first: 'A' }],
    ['awaits promises', 'const double = async (n) => n * 2;\nconst values = await Promise.all([1, 2, 3].map(double));\nreturn values', [2, 4, 6]],
    ['turns undefined into null', 'return undefined', null],
    ['has no return at all', 'const x = 1', null],
    ['drops nested functions and keeps the rest, as JSON does', 'return { keep: 1, drop: () => 1, when: new Date(0) }', { keep: 1, when: '1970-01-01T00:00:00.000Z' }],
    ['turns NaN and Infinity into null, as JSON does', 'return [NaN, Infinity, 1.5]', [null, null, 1.5]],
  ])('%s', async (_case, source, expected) => {
    const result = await sandbox.run(request(source));

    expect(result.value).toEqual(expected);
  });

  it('captures console output in order, with levels, and keeps structured values readable', async () => {
    const result = await sandbox.run(request('console.log("lines", input.body.lines.length);\nconsole.info({ a: 1 });\nconsole.warn("careful");\nconsole.error(new Error("bad"));\nreturn 1'));

    expect(result.logs).toEqual([
      { level: 'info', message: 'lines 2' },
      { level: 'info', message: '{"a":1}' },
      { level: 'warn', message: 'careful' },
      { level: 'error', message: 'Error: bad' },
    ]);
  });

  it('bounds the log: at most 200 entries of at most 2000 characters', async () => {
    const result = await sandbox.run(request('console.log("x".repeat(5000));\nfor (let i = 0; i < 500; i++) console.log(i);\nreturn 1'));

    expect(result.logs).toHaveLength(200);
    expect(result.logs[0]?.message).toBe(`${'x'.repeat(2000)}\u2026`);
    expect(result.logs[199]?.message).toBe('198');
  });

  it('hands the code copies: changing its input changes nothing outside', async () => {
    const input = { list: [1, 2] };
    const result = await sandbox.run(request('input.list.push(3); return input.list', { input }));

    expect(result.value).toEqual([1, 2, 3]);
    expect(input).toEqual({ list: [1, 2] });
  });

  it('gives every run a fresh global scope, even on a reused isolate', async () => {
    await sandbox.run(request('globalThis.leaked = input.body.id; Object.prototype.polluted = true; Array.prototype.map = null; return 1'));
    const result = await sandbox.run(request('return [typeof leaked, ({}).polluted === undefined, typeof [].map]'));

    expect(result.value).toEqual(['undefined', true, 'function']);
  });
});

describe('code sandbox: errors', () => {
  it.each<[string, string, string, RegExp, Json | undefined]>([
    ['a thrown error, with its line', 'const total = 1;\n\nthrow new TypeError("no total");', 'code_error', /^TypeError: no total \(line 3\)$/, { line: 3, column: 7 }],
    ['a runtime error, with its line', 'const order = input.body;\nreturn order.missing.field;', 'code_error', /^TypeError: Cannot read properties of undefined \(reading 'field'\) \(line 2\)$/, { line: 2, column: 22 }],
    ['a thrown non-error value', 'throw "plain text"', 'code_error', /^Thrown value: plain text/, undefined],
    ['a syntax error, with its line', 'const a = 1;\nconst b = ;', 'code_syntax_error', /^SyntaxError: Unexpected token ';' \(line 2\)$/, { line: 2, column: 11 }],
    ['a function as the result', 'return () => 1', 'code_result_not_json', /returned a function/, undefined],
    ['a BigInt in the result', 'return { big: 10n }', 'code_result_not_json', /BigInt/, undefined],
    ['a cycle in the result', 'const a = {}; a.self = a; return a', 'code_result_not_json', /circular/i, undefined],
    ['a result too large for a step', "return 'x'.repeat(17 * 1024 * 1024)", 'code_result_too_large', /at most 16777216/, undefined],
  ])('%s fails the run with a clear code', async (_case, source, code, message, details) => {
    const error = await failure(sandbox.run(request(source)));

    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.details).toEqual(details);
    expect(error.retryable).toBe(false);
  });

  it('keeps what the code logged before it failed', async () => {
    const error = await failure(sandbox.run(request('console.log("step 1");\nthrow new Error("step 2 failed")')));

    expect(error.logs).toEqual([{ level: 'info', message: 'step 1' }]);
  });
});

describe('code sandbox: hostile code', () => {
  it.each<[string, string, string, RegExp, number]>([
    ['an infinite loop', 'while (true) {}', 'code_timeout', /time limit of 1000 ms/, 1_000],
    ['an infinite loop after an await', 'await null;\nfor (;;) {}', 'code_timeout', /time limit of 1000 ms/, 1_000],
    ['a promise that never settles', 'await new Promise(() => {})', 'code_timeout', /time limit of 1000 ms/, 1_000],
    ['a 1 GB ArrayBuffer', 'const buffer = new ArrayBuffer(2 ** 30);\nreturn buffer.byteLength', 'code_memory_limit', /limit of 64 MB/, 5_000],
    ['a 1 GB typed array', 'return new Float64Array(2 ** 27).length', 'code_memory_limit', /limit of 64 MB/, 5_000],
    ['an ever-growing array', 'const chunks = [];\nwhile (true) chunks.push(new Array(100_000).fill(1.5));', 'code_memory_limit', /limit of 64 MB/, 30_000],
    ['reaching process through the Function constructor', "return this.constructor.constructor('return process')()", 'code_error', /ReferenceError: process is not defined/, 5_000],
    ['reading globalThis.process', 'return globalThis.process.env', 'code_error', /TypeError: Cannot read properties of undefined \(reading 'env'\)/, 5_000],
    ['calling require', "return require('node:fs').readFileSync('/etc/passwd', 'utf8')", 'code_error', /ReferenceError: require is not defined/, 5_000],
    ['a dynamic import', "const fs = await import('node:fs');\nreturn fs.readFileSync('/etc/passwd', 'utf8')", 'code_error', /Not supported \(line 1\)/, 5_000],
    ['reaching fetch', "return await fetch('http://127.0.0.1/')", 'code_error', /ReferenceError: fetch is not defined/, 5_000],
  ])('%s ends in a clear step error, and the next run succeeds', async (_case, source, code, message, timeoutMs) => {
    const error = await failure(sandbox.run(request(source, { timeoutMs })));

    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    await expectHealthy();
  });

  it('a memory bomb that takes V8 down with it fails that step, and a new sandbox process serves the next', async () => {
    const pidBefore = sandbox.pid();
    // Growing one object's key table makes V8 fail a single allocation it cannot survive.
    const error = await failure(sandbox.run(request('const keys = {};\nfor (let i = 0; ; i++) keys["k" + i] = i;', { timeoutMs: 60_000 })));

    expect(error.code).toBe('code_memory_limit');
    await expectHealthy();
    expect(sandbox.pid()).not.toBe(pidBefore);
  });

  it('an infinite loop does not hold up another step running at the same time', async () => {
    const loop = failure(sandbox.run(request('while (true) {}', { timeoutMs: 1_500 })));
    const quick = sandbox.run(request('return input.body.lines.length'));

    await expect(quick).resolves.toEqual({ value: 2, logs: [] });
    expect((await loop).code).toBe('code_timeout');
  });
});

describe('code sandbox: the process', () => {
  it('runs with none of the server’s environment, under Node’s permission model', async () => {
    process.env.WEFT_SANDBOX_TEST_SECRET = 'must-not-leak';
    const fresh = createCodeSandbox();
    try {
      await expectHealthy(fresh);
      const pid = fresh.pid();
      if (pid === undefined) throw new Error('the sandbox process is not running');
      const environment = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter((entry) => entry !== '');

      expect(environment.filter((entry) => /^(DATABASE_URL|WEFT_|PG)/.test(entry))).toEqual([]);
      // Only what Node itself sets up for the IPC channel.
      expect(environment.map((entry) => entry.split('=')[0]).sort()).toEqual(['NODE_CHANNEL_FD', 'NODE_CHANNEL_SERIALIZATION_MODE']);
      const flags = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      expect(flags).toContain('--permission');
      expect(flags.filter((flag) => /^--allow-(fs-write|child-process|worker|wasi)/.test(flag))).toEqual([]);
    } finally {
      delete process.env.WEFT_SANDBOX_TEST_SECRET;
      await fresh.close();
    }
  });

  it('fails the step running when the process is killed, and the next step runs in a new process', async () => {
    await expectHealthy();
    const pid = sandbox.pid();
    if (pid === undefined) throw new Error('the sandbox process is not running');
    const running = failure(sandbox.run(request('await new Promise(() => {})', { timeoutMs: 30_000 })));
    await new Promise((resolve) => setImmediate(resolve));
    process.kill(pid, 'SIGKILL');

    const error = await running;
    expect(error.code).toBe('code_sandbox_crashed');
    expect(error.retryable).toBe(true);
    await expectHealthy();
    expect(sandbox.pid()).not.toBe(pid);
  });

  it('kills a process that stops answering, fails its step with code_timeout, and serves the next from a new one', async () => {
    const frozen = createCodeSandbox({ backstopMarginMs: 200 });
    try {
      await expectHealthy(frozen);
      const pid = frozen.pid();
      if (pid === undefined) throw new Error('the sandbox process is not running');
      process.kill(pid, 'SIGSTOP');
      const error = await failure(frozen.run(request('return 1', { timeoutMs: 300 })));

      expect(error.code).toBe('code_timeout');
      expect(error.message).toMatch(/stopped answering/);
      await expectHealthy(frozen);
      expect(frozen.pid()).not.toBe(pid);
    } finally {
      await frozen.close();
    }
  });

  it('queues steps beyond its concurrency and runs them all', async () => {
    const single = createCodeSandbox({ concurrency: 1 });
    try {
      const results = await Promise.all([1, 2, 3, 4].map((n) => single.run(request('await null;\nreturn input * 10', { input: n }))));

      expect(results.map((result) => result.value)).toEqual([10, 20, 30, 40]);
    } finally {
      await single.close();
    }
  });

  it('stops a running step when its execution is aborted', async () => {
    const controller = new AbortController();
    const running = sandbox.run(request('while (true) {}', { timeoutMs: 30_000, signal: controller.signal }));
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort(new Error('the execution timed out'));

    await expect(running).rejects.toThrow('the execution timed out');
    await expectHealthy();
  });

  it('fails running steps on close, refuses new ones, and ends the process', async () => {
    const closing = createCodeSandbox();
    await expectHealthy(closing);
    const pid = closing.pid();
    const spinning = failure(closing.run(request('while (true) {}', { timeoutMs: 30_000 })));
    await new Promise((resolve) => setImmediate(resolve));
    await closing.close();

    expect((await spinning).code).toBe('code_sandbox_closed');
    expect((await failure(closing.run(request('return 1')))).code).toBe('code_sandbox_closed');
    expect(pid === undefined ? false : processExists(pid)).toBe(false);
  });
});

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
