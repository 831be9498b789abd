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
  let reconnectTimer: NodeJS.Timeout | undefined;
  let stopped = false;

  // A lost connection (PostgreSQL restarted) is replaced, and replaced again each time that fails,
  // for as long as PostgreSQL stays away. Notifications sent meanwhile are missed: their waiters
  // time out and then read the outcome from the database.
  const reconnectLater = () => {
    if (!stopped) reconnectTimer = setTimeout(() => void connect().catch(() => {}), RECONNECT_DELAY_MS);
  };
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString, application_name: 'weft-notifier' });
    let lost = false;
    // One end of a connection can surface twice (the server's "terminating connection", then the
    // closed socket; or a failed LISTEN and its 'error'): it leads to one reconnection only.
    const lose = (error: Error) => {
      if (lost) return;
      lost = true;
      onError(error);
      void next.end().catch(() => {});
      // Only once a connection has worked: a first one that fails fails the start instead.
      if (client !== undefined) reconnectLater();
    };
    next.on('notification', (message) => {
      for (const wake of waiters.get(message.payload ?? '') ?? []) wake();
    });
    next.on('error', lose);
    try {
      await next.connect();
      await next.query(`LISTEN ${EXECUTION_FINISHED_CHANNEL}`);
    } catch (error) {
      if (error instanceof Error) lose(error);
      throw error;
    }
    if (stopped) await next.end();
    client = next;
  };
  // The first connection must work: a Weft that cannot reach PostgreSQL at start does not start.
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
      clearTimeout(reconnectTimer);
      await client?.end().catch(() => {});
    },
  };
}
