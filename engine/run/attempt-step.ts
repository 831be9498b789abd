import type { StepError } from '../errors.ts';
import type { RetryPolicy } from '../flow/schema.ts';
import type { PendingRetry, StepRecord } from './records.ts';
import { retryDelayMs } from './retry-delay.ts';

export type StepOutcome = { kind: 'finished'; record: StepRecord } | { kind: 'waiting'; retry: PendingRetry; record: StepRecord };

export interface AttemptOptions {
  nodeId: string;
  policy: RetryPolicy | undefined;
  /** Attempts an earlier run already made (when resuming a waiting execution). */
  attemptsBefore: number;
  /** Back-offs longer than this suspend the execution instead of waiting in this process. */
  suspendAfterMs: number;
  now: () => Date;
  random: () => number;
  /** Asked to stop: a back-off in progress becomes a suspension. */
  stopSignal: AbortSignal | undefined;
  attempt: () => Promise<StepRecord>;
}

/** Runs a step, retrying per its policy: short back-offs in process, long ones by suspending. */
export async function attemptStep(options: AttemptOptions): Promise<StepOutcome> {
  let attempts = options.attemptsBefore;
  for (;;) {
    attempts += 1;
    const record = { ...(await options.attempt()), attempts };
    const policy = options.policy;
    if (record.status !== 'failed' || policy === undefined || !worthRetrying(policy, record.error, attempts)) {
      return { kind: 'finished', record };
    }
    const delay = retryDelayMs(policy, attempts + 1, options.random());
    const resumeAt = (ms: number): PendingRetry => ({ nodeId: options.nodeId, attempts, resumeAt: new Date(options.now().getTime() + ms).toISOString() });
    if (delay > options.suspendAfterMs) return { kind: 'waiting', retry: resumeAt(delay), record };
    const pausedAt = Date.now();
    if (!(await pause(delay, options.stopSignal))) return { kind: 'waiting', retry: resumeAt(delay - (Date.now() - pausedAt)), record };
  }
}

function worthRetrying(policy: RetryPolicy, error: StepError | null, attempts: number): boolean {
  if (attempts >= policy.maxAttempts) return false;
  return policy.retryOn === 'any' || error?.retryable === true;
}

/** Waits `ms`; resolves false instead if `stopSignal` fires first. */
function pause(ms: number, stopSignal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (stopSignal?.aborted) return resolve(false);
    const finish = (completed: boolean) => {
      clearTimeout(timer);
      stopSignal?.removeEventListener('abort', onStop);
      resolve(completed);
    };
    const onStop = () => finish(false);
    const timer = setTimeout(() => finish(true), ms);
    stopSignal?.addEventListener('abort', onStop, { once: true });
  });
}
