import { availableParallelism } from 'node:os';
import {
  type CodeRequest,
  type CodeResult,
  CodeRunError,
  type CodeSandbox,
  type Json,
  type Logger,
  NodeRunError,
  silentLogger,
} from '@weft/engine';
import { type SandboxChild, startSandboxChild } from './sandbox-child.ts';
import type { ChildMessage, RunMessage, RunOutcome } from './sandbox-protocol.ts';

/** A sandbox in its own process, which the server must close when it stops. */
export interface ProcessCodeSandbox extends CodeSandbox {
  /** The sandbox process's id while one runs (tests look at it from outside). */
  pid(): number | undefined;
  close(): Promise<void>;
}

export interface CodeSandboxOptions {
  /**
   * Code steps run at once; more wait in line. Each running step holds an isolate and one of
   * isolated-vm's threads (it has one per core, plus one), so by default no step waits for a thread
   * while its time limit runs.
   */
  concurrency?: number;
  logger?: Logger;
  /**
   * How long past a step's own time limit the server waits for the sandbox process to answer
   * before it presumes the process stuck, kills it and starts another.
   */
  backstopMarginMs?: number;
  startTimeoutMs?: number;
}

export const CODE_LIMITS = { maxTimeoutMs: 60_000, minMemoryMb: 8, maxMemoryMb: 512, maxSourceLength: 100_000 };

interface Pending {
  message: RunMessage;
  resolve(result: CodeResult): void;
  reject(error: Error): void;
  /** Set once the caller has its answer (a cancelled run still holds its slot until the process answers). */
  settled: boolean;
  /** The process running it, once dispatched. */
  child: SandboxChild | undefined;
  backstop?: NodeJS.Timeout;
  unlisten(): void;
}

/**
 * Runs code steps in a separate, lazily started sandbox process (see sandbox-process.ts). Steps
 * wait in line here, so a step's time limit starts when the process takes it; if the process
 * dies, the steps it held fail (`code_sandbox_crashed`, retryable) and a new process starts.
 */
export function createCodeSandbox(options: CodeSandboxOptions = {}): ProcessCodeSandbox {
  return new SandboxProcessClient(options);
}

// A class because it has a lifecycle: a child process that starts, dies, restarts and is closed.
class SandboxProcessClient implements ProcessCodeSandbox {
  readonly #concurrency: number;
  readonly #logger: Logger;
  readonly #margin: number;
  readonly #startTimeoutMs: number;
  readonly #queue: Pending[] = [];
  readonly #inFlight = new Map<number, Pending>();
  #nextId = 0;
  #child: SandboxChild | undefined;
  #starting: Promise<SandboxChild> | undefined;
  #closed = false;
  #pumping = false;
  // Which run made a process end itself (V8 lost control of its isolate), so that run gets the real reason.
  readonly #culprits = new WeakMap<SandboxChild, { id: number | null; error: CodeRunError }>();

  constructor(options: CodeSandboxOptions) {
    this.#concurrency = options.concurrency ?? Math.min(8, Math.max(2, availableParallelism()));
    this.#logger = options.logger ?? silentLogger;
    this.#margin = options.backstopMarginMs ?? 2_000;
    this.#startTimeoutMs = options.startTimeoutMs ?? 30_000;
  }

  async run(request: CodeRequest): Promise<CodeResult> {
    if (this.#closed) throw closedError();
    request.signal?.throwIfAborted();
    const message = runMessage(this.#nextId++, request);
    return new Promise<CodeResult>((resolve, reject) => {
      const onAbort = () => {
        const index = this.#queue.indexOf(pending);
        if (index >= 0) this.#queue.splice(index, 1);
        else if (this.#inFlight.has(message.id)) this.#child?.send({ type: 'cancel', id: message.id });
        settle(pending, { error: abortReason(request.signal) });
      };
      const pending: Pending = {
        message,
        resolve,
        reject,
        settled: false,
        child: undefined,
        unlisten: () => request.signal?.removeEventListener('abort', onAbort),
      };
      request.signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(pending);
      void this.#pump();
    });
  }

  pid(): number | undefined {
    return this.#child?.pid;
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const pending of this.#queue.splice(0)) settle(pending, { error: closedError() });
    const running = this.#child ?? (await this.#starting?.catch(() => undefined));
    await running?.stop(2_000);
  }

  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#queue.length > 0 && this.#inFlight.size < this.#concurrency && !this.#closed) {
        const target = await this.#ensureChild();
        // The process may have ended while this waited for it; the next turn starts another.
        if (target !== this.#child) continue;
        const next = this.#queue.shift();
        if (next !== undefined && !next.settled) this.#dispatch(target, next);
      }
    } catch (error) {
      for (const pending of this.#queue.splice(0)) settle(pending, { error: error instanceof Error ? error : new Error(String(error)) });
    } finally {
      this.#pumping = false;
    }
  }

  #dispatch(target: SandboxChild, pending: Pending): void {
    const { id, timeoutMs } = pending.message;
    this.#inFlight.set(id, pending);
    pending.child = target;
    target.hold(true);
    pending.backstop = setTimeout(() => {
      this.#logger.log('warn', 'the code sandbox did not answer in time; killing it', { timeoutMs });
      this.#finish(id);
      settle(pending, { error: new CodeRunError('code_timeout', stuckMessage(timeoutMs)) });
      // New steps go to a new process at once; the steps still on this one fail when it has exited.
      if (this.#child === target) this.#child = undefined;
      target.kill();
      void this.#pump();
    }, timeoutMs + this.#margin);
    target.send(pending.message);
  }

  /** Frees a run's slot; the run itself is settled by the caller. */
  #finish(id: number): Pending | undefined {
    const pending = this.#inFlight.get(id);
    if (pending === undefined) return undefined;
    clearTimeout(pending.backstop);
    this.#inFlight.delete(id);
    if (this.#inFlight.size === 0 && this.#queue.length === 0) this.#child?.hold(false);
    return pending;
  }

  #ensureChild(): Promise<SandboxChild> {
    if (this.#child !== undefined) return Promise.resolve(this.#child);
    // Events only come after the process is ready, by which time `self` is set.
    let self: SandboxChild | undefined;
    this.#starting ??= startSandboxChild({
      poolSize: this.#concurrency,
      startTimeoutMs: this.#startTimeoutMs,
      onMessage: (message) => this.#onMessage(self, message),
      onExit: (reason) => this.#onExit(self, reason),
      onStderr: (text) => this.#logger.log('warn', 'code sandbox: stderr', { text: text.trimEnd() }),
    }).then(
      (started) => {
        self = started;
        this.#starting = undefined;
        if (this.#closed) {
          void started.stop(0);
          throw closedError();
        }
        this.#child = started;
        started.hold(this.#inFlight.size > 0 || this.#queue.length > 0);
        return started;
      },
      (error: unknown) => {
        this.#starting = undefined;
        throw error;
      },
    );
    return this.#starting;
  }

  #onMessage(from: SandboxChild | undefined, message: ChildMessage): void {
    if (message.type === 'fatal') {
      this.#logger.log('error', 'the code sandbox lost control of an isolate and is restarting', { reason: message.message });
      if (from !== undefined) this.#culprits.set(from, { id: message.id, error: fatalError(message.message) });
      return;
    }
    if (message.type !== 'result') return;
    const pending = this.#finish(message.id);
    if (pending !== undefined) settle(pending, fromOutcome(message.outcome));
    void this.#pump();
  }

  #onExit(exited: SandboxChild | undefined, reason: string): void {
    if (exited === undefined) return;
    const wasCurrent = this.#child === exited;
    if (wasCurrent) this.#child = undefined;
    const cause = this.#culprits.get(exited);
    for (const [id, pending] of [...this.#inFlight]) {
      if (pending.child !== exited) continue;
      this.#finish(id);
      settle(pending, { error: cause?.id === id ? cause.error : crashedError(reason, this.#closed) });
    }
    if (this.#closed || !wasCurrent) return;
    this.#logger.log('warn', 'the code sandbox process stopped; starting another', { reason });
    // Started at once, so the next code step does not wait for it.
    void this.#ensureChild().catch(() => {});
    void this.#pump();
  }
}

function settle(pending: Pending, outcome: { result: CodeResult } | { error: Error }): void {
  if (pending.settled) return;
  pending.settled = true;
  pending.unlisten();
  if ('result' in outcome) pending.resolve(outcome.result);
  else pending.reject(outcome.error);
}

function runMessage(id: number, request: CodeRequest): RunMessage {
  if (request.source.length > CODE_LIMITS.maxSourceLength) {
    throw new NodeRunError('invalid_code', `the code is longer than ${CODE_LIMITS.maxSourceLength} characters`);
  }
  return {
    type: 'run',
    id,
    source: request.source,
    input: JSON.stringify(request.input),
    nodes: JSON.stringify(request.nodes),
    trigger: JSON.stringify(request.trigger),
    timeoutMs: clamp(Math.round(request.timeoutMs), 1, CODE_LIMITS.maxTimeoutMs),
    memoryMb: clamp(Math.round(request.memoryMb), CODE_LIMITS.minMemoryMb, CODE_LIMITS.maxMemoryMb),
  };
}

function fromOutcome(outcome: RunOutcome): { result: CodeResult } | { error: Error } {
  if (!outcome.ok) {
    const { code, message, line, column } = outcome.failure;
    const details: Json | undefined = line === undefined ? undefined : { line, ...(column === undefined ? {} : { column }) };
    return { error: new CodeRunError(code, message, { logs: outcome.logs, ...(details === undefined ? {} : { details }) }) };
  }
  try {
    const value: Json = JSON.parse(outcome.json);
    return { result: { value, logs: outcome.logs } };
  } catch {
    return { error: new CodeRunError('code_result_not_json', 'the code sandbox returned a value that is not JSON', { logs: outcome.logs }) };
  }
}

function fatalError(reason: string): CodeRunError {
  if (/out.of.memory/i.test(reason)) {
    return new CodeRunError('code_memory_limit', 'the code used so much memory that its sandbox had to be restarted');
  }
  return new CodeRunError('code_sandbox_crashed', `the code could not be stopped (${reason}); its sandbox was restarted`);
}

function crashedError(reason: string, closing: boolean): CodeRunError {
  if (closing) return closedError();
  return new CodeRunError('code_sandbox_crashed', `the code sandbox process stopped (${reason}) while this step ran; it has been restarted`, {
    retryable: true,
  });
}

function closedError(): CodeRunError {
  return new CodeRunError('code_sandbox_closed', 'the code sandbox is shutting down', { retryable: true });
}

function stuckMessage(timeoutMs: number): string {
  return `the code did not finish within its time limit of ${timeoutMs} ms and its sandbox stopped answering; it has been restarted`;
}

function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error('the code step was stopped');
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
