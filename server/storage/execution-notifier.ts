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
  /** Resolves when the execution finishes, or after `timeoutMs`. Call before the job can run. */
  waitFor(executionId: string, timeoutMs: number): { finished: Promise<WaitEnd>; cancel(): void };
  /** An execution's outcome was committed in this process. */
  finished(executionId: string, outcome: ExecutionOutcomeRecord): void;
  stop(): Promise<void>;
}

export async function startExecutionNotifier(connectionString: string, onError: (error: Error) => void): Promise<ExecutionNotifier> {
  const waiters = new Map<string, Set<(end: WaitEnd) => void>>();
  const wake = (executionId: string, end: WaitEnd) => {
    for (const waiter of waiters.get(executionId) ?? []) waiter(end);
  };
  // Notifications missed while PostgreSQL was away leave their waiters to time out and then read
  // the outcome from the database.
  const listener = await startPgListener({
    connectionString,
    applicationName: 'weft-notifier',
    channels: [EXECUTION_FINISHED_CHANNEL],
    onNotification: (_channel, executionId) => wake(executionId, { finished: true }),
    onError,
  });

  return {
    waitFor(executionId, timeoutMs) {
      let cancel = () => {};
      const finished = new Promise<WaitEnd>((resolve) => {
        const done = (end: WaitEnd) => {
          clearTimeout(timer);
          const set = waiters.get(executionId);
          set?.delete(done);
          if (set?.size === 0) waiters.delete(executionId);
          resolve(end);
        };
        const timer = setTimeout(() => done({ finished: false }), timeoutMs);
        waiters.set(executionId, (waiters.get(executionId) ?? new Set()).add(done));
        cancel = () => done({ finished: false });
      });
      return { finished, cancel };
    },
    finished: (executionId, outcome) => wake(executionId, { finished: true, outcome }),
    stop: () => listener.stop(),
  };
}
