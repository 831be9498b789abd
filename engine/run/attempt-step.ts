import type { StepError } from '../errors.ts';
import type { RetryPolicy } from '../flow/schema.ts';
import type { Resumption } from '../node-contract.ts';
import type { PendingWait, StepRecord } from './records.ts';
import { retryDelayMs } from './retry-delay.ts';
import type { StepAttempt } from './run-step.ts';

export type StepOutcome = { kind: 'finished'; record: StepRecord } | { kind: 'waiting'; wait: PendingWait; record?: StepRecord };

export interface AttemptOptions {
  nodeId: string;
  policy: RetryPolicy | undefined;
  /** Attempts an earlier run already made (when resuming a waiting execution). */
  attemptsBefore: number;
  /** Set when the node asked to wait in an earlier run and is now run again to finish. */
  resumed: Resumption | undefined;
  /** Waits longer than this (back-offs, a node's `until`) suspend the execution instead of passing in this process. */
  suspendAfterMs: number;
  now: () => Date;
  random: () => number;
  /** Asked to stop: a wait in progress becomes a suspension. */
  stopSignal: AbortSignal | undefined;
  /**
   * Takes the step's turn under its credentials' rate limits before a call: when it may go, null
   * for now. Absent when no limit applies. The step waits for its turn; it does not fail.
   */
  takeTurn: (() => Promise<Date | null>) | undefined;
  /** The execution suspended to wait for a turn it had already taken: this attempt goes without taking another. */
  turnTaken: boolean;
  attempt: (attempt: number, resumed: Resumption | undefined) => Promise<StepAttempt>;
}

/**
 * Runs a step to its end: waits for its turn under rate limits, retries per its policy and lets a
 * node wait (a delay, a child flow). Short waits pass here; long ones, and waits for a signal,
 * suspend the execution.
 */
export async function attemptStep(options: AttemptOptions): Promise<StepOutcome> {
  let attempts = options.attemptsBefore;
  let resumed = options.resumed;
  let turnTaken = options.turnTaken;
  for (;;) {
    // A node finishing after its own wait makes no new call, so it takes no turn.
    if (resumed === undefined && !turnTaken && options.takeTurn !== undefined) {
      const goAt = await options.takeTurn();
      const waitMs = goAt === null ? 0 : goAt.getTime() - options.now().getTime();
      const forTurn = (ms: number): StepOutcome => ({ kind: 'waiting', wait: { nodeId: options.nodeId, attempts, resumeAt: resumeTime(options, ms), turnTaken: true } });
      if (waitMs > options.suspendAfterMs) return forTurn(waitMs);
      const paused = await pauseFor(waitMs, options.stopSignal);
      if (paused.remainingMs > 0) return forTurn(paused.remainingMs);
    }
    turnTaken = false;
    attempts += 1;
    const attempt = await options.attempt(attempts, resumed);
    resumed = undefined;
    if (attempt.kind === 'wait') {
      // Asking to wait is not a failed attempt: the node has not finished yet.
      attempts -= 1;
      const { until, signal, state = null } = attempt.wait;
      const waitMs = until === undefined ? Number.POSITIVE_INFINITY : until.getTime() - options.now().getTime();
      const suspend = (ms: number): StepOutcome => ({
        kind: 'waiting',
        wait: { nodeId: options.nodeId, attempts, resumeAt: resumeTime(options, ms), node: { ...(signal === undefined ? {} : { signal }), state } },
      });
      if (signal !== undefined || waitMs > options.suspendAfterMs) return suspend(waitMs);
      const paused = await pauseFor(waitMs, options.stopSignal);
      if (paused.remainingMs > 0) return suspend(paused.remainingMs);
      resumed = { state };
      continue;
    }
    const record = { ...attempt.record, attempts };
    const policy = options.policy;
    if (record.status !== 'failed' || policy === undefined || !worthRetrying(policy, record.error, attempts)) {
      return { kind: 'finished', record };
    }
    const delay = retryDelayMs(policy, attempts + 1, options.random());
    const retryAt = (ms: number): StepOutcome => ({ kind: 'waiting', wait: { nodeId: options.nodeId, attempts, resumeAt: resumeTime(options, ms) }, record });
    if (delay > options.suspendAfterMs) return retryAt(delay);
    const paused = await pauseFor(delay, options.stopSignal);
    if (paused.remainingMs > 0) return retryAt(paused.remainingMs);
  }
}

function resumeTime(options: Pick<AttemptOptions, 'now'>, ms: number): string | null {
  return Number.isFinite(ms) ? new Date(options.now().getTime() + Math.max(0, ms)).toISOString() : null;
}

function worthRetrying(policy: RetryPolicy, error: StepError | null, attempts: number): boolean {
  if (attempts >= policy.maxAttempts) return false;
  return policy.retryOn === 'any' || error?.retryable === true;
}

/** Waits `ms`, or less if `stopSignal` fires first; says how much of the wait was left. */
function pauseFor(ms: number, stopSignal: AbortSignal | undefined): Promise<{ remainingMs: number }> {
  const startedAt = Date.now();
  return new Promise((resolve) => {
    if (ms <= 0) return resolve({ remainingMs: 0 });
    if (stopSignal?.aborted) return resolve({ remainingMs: ms });
    const onStop = () => {
      clearTimeout(timer);
      resolve({ remainingMs: Math.max(1, ms - (Date.now() - startedAt)) });
    };
    const timer = setTimeout(() => {
      stopSignal?.removeEventListener('abort', onStop);
      resolve({ remainingMs: 0 });
    }, ms);
    stopSignal?.addEventListener('abort', onStop, { once: true });
  });
}
