import pg from 'pg';
import { EXECUTION_FINISHED_CHANNEL } from './execution-lifecycle.ts';

/**
 * Lets a webhook request wait for its execution to finish, whichever process runs it: workers
 * NOTIFY when they record an outcome, and one LISTEN connection here wakes the waiters.
 */
export interface ExecutionNotifier {
  /** Resolves true when the execution finishes, false after `timeoutMs`. Call before the job can run. */
  waitFor(executionId: string, timeoutMs: number): { finished: Promise<boolean>; cancel(): void };
  stop(): Promise<void>;
}

const RECONNECT_DELAY_MS = 1_000;

export async function startExecutionNotifier(connectionString: string, onError: (error: Error) => void): Promise<ExecutionNotifier> {
  const waiters = new Map<string, Set<() => void>>();
  let client: pg.Client | undefined;
  let stopped = false;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString, application_name: 'weft-notifier' });
    next.on('notification', (message) => {
      for (const wake of waiters.get(message.payload ?? '') ?? []) wake();
    });
    next.on('error', (error) => {
      onError(error);
      void next.end().catch(() => {});
      if (!stopped) setTimeout(() => void connect().catch(onError), RECONNECT_DELAY_MS);
    });
    await next.connect();
    await next.query(`LISTEN ${EXECUTION_FINISHED_CHANNEL}`);
    client = next;
  };
  await connect();

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
    async stop() {
      stopped = true;
      await client?.end().catch(() => {});
    },
  };
}
