import type { ExecutionOutcomeRecord } from './execution-outcomes.ts';
import { EXECUTION_FINISHED_CHANNEL } from './execution-lifecycle.ts';
import { startPgListener } from './pg-listener.ts';

/**
 * How a wait ended: the execution finished, with its outcome when this process committed it
 * (otherwise the waiter reads it from the database), or the time ran out.
 */
export type WaitEnd = { finished: true; outcome?: ExecutionOutcomeRecord } | { finished: false };

/**
 * Lets a webhook request wait for its execution to finish, whichever process runs it: workers
 * NOTIFY when they record an outcome, and one LISTEN connection here wakes the waiters. A worker
 * in this process hands its committed outcomes over directly (finished), which spares the wait
 * for the notification and the read after it.
 */
export interface ExecutionNotifier {
  /**
   * Resolves when the execution finishes, or after `timeoutMs`. Call before the job can run.
   * `runsHere`: this process's worker runs it, and will hand over its outcome (see finished).
   */
  waitFor(executionId: string, timeoutMs: number, runsHere?: boolean): { finished: Promise<WaitEnd>; cancel(): void };
  /** An execution's outcome was committed in this process. */
  finished(executionId: string, outcome: ExecutionOutcomeRecord): void;
  stop(): Promise<void>;
}

/**
 * How long a waiter whose execution runs here lets its notification wait for the outcome to be handed
 * over. The NOTIFY is sent by the commit that finishes the execution, so it often arrives before the
 * worker has read that commit's answer; woken at once, most such waiters read an outcome from the
 * database that was on its way. Only when this process's run was handed to another worker (it
 * failed to run here) does the wait take this long.
 */
const HANDOVER_GRACE_MS = 1_000;

interface Waiter {
  done(end: WaitEnd): void;
  /** Another connection said, through PostgreSQL, that the execution finished. */
  notified(): void;
}

export async function startExecutionNotifier(connectionString: string, onError: (error: Error) => void): Promise<ExecutionNotifier> {
  const waiters = new Map<string, Set<Waiter>>();
  const wake = (executionId: string, end: WaitEnd) => {
    for (const waiter of waiters.get(executionId) ?? []) waiter.done(end);
  };
  // Notifications missed while PostgreSQL was away leave their waiters to time out and then read
  // the outcome from the database.
  const listener = await startPgListener({
    connectionString,
    applicationName: 'weft-notifier',
    channels: [EXECUTION_FINISHED_CHANNEL],
    onNotification: (_channel, executionId) => {
      for (const waiter of waiters.get(executionId) ?? []) waiter.notified();
    },
    onError,
  });

  return {
    waitFor(executionId, timeoutMs, runsHere = false) {
      let cancel = () => {};
      const finished = new Promise<WaitEnd>((resolve) => {
        let grace: NodeJS.Timeout | undefined;
        const waiter: Waiter = {
          done(end) {
            clearTimeout(timer);
            clearTimeout(grace);
            const set = waiters.get(executionId);
            set?.delete(waiter);
            if (set?.size === 0) waiters.delete(executionId);
            resolve(end);
          },
          notified() {
            if (!runsHere) return waiter.done({ finished: true });
            grace ??= setTimeout(() => waiter.done({ finished: true }), HANDOVER_GRACE_MS);
          },
        };
        const timer = setTimeout(() => waiter.done({ finished: false }), timeoutMs);
        waiters.set(executionId, (waiters.get(executionId) ?? new Set()).add(waiter));
        cancel = () => waiter.done({ finished: false });
      });
      return { finished, cancel };
    },
    finished: (executionId, outcome) => wake(executionId, { finished: true, outcome }),
    stop: () => listener.stop(),
  };
}
