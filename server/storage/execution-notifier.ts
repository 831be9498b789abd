import { EXECUTION_FINISHED_CHANNEL } from './execution-lifecycle.ts';
import { startPgListener } from './pg-listener.ts';

/**
 * Lets a webhook request wait for its execution to finish, whichever process runs it: workers
 * NOTIFY when they record an outcome, and one LISTEN connection here wakes the waiters.
 */
export interface ExecutionNotifier {
  /** Resolves true when the execution finishes, false after `timeoutMs`. Call before the job can run. */
  waitFor(executionId: string, timeoutMs: number): { finished: Promise<boolean>; cancel(): void };
  stop(): Promise<void>;
}

export async function startExecutionNotifier(connectionString: string, onError: (error: Error) => void): Promise<ExecutionNotifier> {
  const waiters = new Map<string, Set<() => void>>();
  // Notifications missed while PostgreSQL was away leave their waiters to time out and then read
  // the outcome from the database.
  const listener = await startPgListener({
    connectionString,
    applicationName: 'weft-notifier',
    channels: [EXECUTION_FINISHED_CHANNEL],
    onNotification: (_channel, executionId) => {
      for (const wake of waiters.get(executionId) ?? []) wake();
    },
    onError,
  });

  return {
    waitFor(executionId, timeoutMs) {
      let cancel = () => {};
      const finished = new Promise<boolean>((resolve) => {
        const done = (result: boolean) => {
          clearTimeout(timer);
          const set = waiters.get(executionId);
          set?.delete(wake);
          if (set?.size === 0) waiters.delete(executionId);
          resolve(result);
        };
        const wake = () => done(true);
        const timer = setTimeout(() => done(false), timeoutMs);
        waiters.set(executionId, (waiters.get(executionId) ?? new Set()).add(wake));
        cancel = () => done(false);
      });
      return { finished, cancel };
    },
    stop: () => listener.stop(),
  };
}
