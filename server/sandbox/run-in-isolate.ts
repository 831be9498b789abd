import type ivm from 'isolated-vm';
import { CODE_FILENAME, closureSource, type DriverOutcome, driverOutcomeSchema } from './isolate-driver.ts';
import type { RunFailure, RunMessage, RunOutcome } from './sandbox-protocol.ts';

export interface IsolateRun {
  outcome: RunOutcome;
  /** False when the isolate must not serve another run (it was stopped, or may hold leftover work). */
  reusable: boolean;
}

// Past its time limit a run is stopped by isolated-vm when it is computing; this timer catches a
// run that is merely waiting (on a promise nothing will ever settle) and so never computes again.
const IDLE_GRACE_MS = 25;

/** A step's output is stored and shown; beyond this it belongs in a file or a database, not a step record. */
export const MAX_RESULT_CHARS = 16 * 1024 * 1024;

/** Runs one code step in `fresh`, a context of `isolate` no other run has used; never throws. */
export async function runInIsolate(isolate: ivm.Isolate, fresh: Promise<ivm.Context>, message: RunMessage): Promise<IsolateRun> {
  let context: ivm.Context | undefined;
  let timer: NodeJS.Timeout | undefined;
  const idleTimeout = new Promise<'idle_timeout'>((resolve) => {
    timer = setTimeout(() => resolve('idle_timeout'), message.timeoutMs + IDLE_GRACE_MS);
  });
  try {
    context = await fresh;
    const running = context.evalClosure(closureSource(message.source), [message.input, message.nodes, message.trigger], {
      timeout: message.timeoutMs,
      filename: CODE_FILENAME,
      lineOffset: -1,
      result: { promise: true, copy: true },
    });
    const settled: unknown = await Promise.race([running, idleTimeout]);
    if (settled === 'idle_timeout') {
      running.catch(() => {});
      return { outcome: failed(timeoutFailure(message.timeoutMs)), reusable: false };
    }
    const parsed = driverOutcomeSchema.safeParse(settled);
    if (!parsed.success) return { outcome: failed({ code: 'code_error', message: 'the code sandbox could not read what the code returned' }), reusable: false };
    return fromDriver(parsed.data, message);
  } catch (error) {
    return { outcome: failed(hostFailure(error, message)), reusable: false };
  } finally {
    clearTimeout(timer);
    if (context !== undefined && !isolate.isDisposed) context.release();
  }
}

function fromDriver(outcome: DriverOutcome, message: RunMessage): IsolateRun {
  if (outcome.ok && outcome.json.length > MAX_RESULT_CHARS) {
    const failure = { code: 'code_result_too_large', message: `the code returned ${outcome.json.length} characters of JSON; at most ${MAX_RESULT_CHARS} fit in a step` };
    return { outcome: { ok: false, failure, logs: outcome.logs }, reusable: true };
  }
  if (outcome.ok) return { outcome: { ok: true, json: outcome.json, logs: outcome.logs }, reusable: true };
  const position = userPosition(outcome.line, outcome.column, message.source);
  if (outcome.kind === 'not_json') {
    return {
      outcome: { ok: false, failure: { code: 'code_result_not_json', message: `the code must return JSON data: ${outcome.message}` }, logs: outcome.logs },
      reusable: true,
    };
  }
  // A failed large allocation surfaces as a catchable RangeError; left uncaught it is the memory limit at work.
  if (outcome.name === 'RangeError' && outcome.message === 'Array buffer allocation failed') {
    return { outcome: { ok: false, failure: memoryFailure(message.memoryMb), logs: outcome.logs }, reusable: false };
  }
  const where = position.line === undefined ? '' : ` (line ${position.line})`;
  const failure: RunFailure = { code: 'code_error', message: `${outcome.name}: ${outcome.message}${where}`, ...position };
  return { outcome: { ok: false, failure, logs: outcome.logs }, reusable: true };
}

/** A position inside the user's body; positions in the driver (after the body) mean nothing to the user. */
function userPosition(line: number, column: number, source: string): { line?: number; column?: number } {
  const bodyLines = source.split('\n').length;
  if (line < 1 || line > bodyLines) return {};
  return column < 1 ? { line } : { line, column };
}

/** Errors isolated-vm raises in the sandbox process itself: compile errors and stopped runs. */
function hostFailure(error: unknown, message: RunMessage): RunFailure {
  const text = error instanceof Error ? error.message : String(error);
  if (error instanceof SyntaxError) {
    const at = /\s*\[code\.js:(\d+):(\d+)\]$/.exec(text);
    const position = at === null ? {} : userPosition(Number(at[1]), Number(at[2]), message.source);
    const where = position.line === undefined ? '' : ` (line ${position.line})`;
    return { code: 'code_syntax_error', message: `SyntaxError: ${at === null ? text : text.slice(0, at.index)}${where}`, ...position };
  }
  if (text.includes('timed out')) return timeoutFailure(message.timeoutMs);
  if (text.includes('memory limit')) return memoryFailure(message.memoryMb);
  if (text.includes('disposed')) return { code: 'code_cancelled', message: 'the code was stopped before it finished' };
  return { code: 'code_error', message: text };
}

function timeoutFailure(timeoutMs: number): RunFailure {
  return { code: 'code_timeout', message: `the code did not finish within its time limit of ${timeoutMs} ms` };
}

function memoryFailure(memoryMb: number): RunFailure {
  return { code: 'code_memory_limit', message: `the code used more memory than its limit of ${memoryMb} MB allows` };
}

function failed(failure: RunFailure): RunOutcome {
  return { ok: false, failure, logs: [] };
}
