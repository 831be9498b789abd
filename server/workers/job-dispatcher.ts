import type { Logger } from '@weft/engine';
import type { Db, Job, PgBoss } from 'pg-boss';

export interface JobDispatcherOptions {
  boss: PgBoss;
  /** Where pg-boss's complete, fail and touch run (as prepared statements, see preparedOn). */
  db: Db;
  /**
   * Where its fetch runs. Not prepared: then its plan could no longer use pg-boss's partial index
   * of waiting jobs (its condition is a parameter), and on a growing queue each fetch took ~20 ms
   * instead of 0.5.
   */
  fetchDb: Db;
  queue: string;
  /** Jobs this process runs at once. */
  concurrency: number;
  /** How often a claimed job's heartbeat is refreshed; a job whose heartbeat stops goes to another worker. */
  heartbeatSeconds: number;
  /** Fetch this often even without a wake-up: jobs that come due by time (retries, resumes) send none. */
  pollMs: number;
  logger: Logger;
  run(job: Job<object>): Promise<void>;
}

export interface JobDispatcher {
  /** Jobs were queued: fetch now rather than at the next poll. */
  wake(): void;
  /** Stops fetching and waits for the running jobs to settle. */
  stop(): Promise<void>;
}

/** No fetch asks for more than this, however many slots are free. */
const MAX_FETCH = 50;

/**
 * Runs a pg-boss queue's jobs with one fetch loop per process instead of one pg-boss worker per
 * slot: a fetch takes as many jobs as there are free slots, finished jobs are completed together
 * in one statement, and the claimed jobs' heartbeats are refreshed together. One pg-boss worker
 * per slot would poll once per slot and wake every slot on each notification.
 */
export function startJobDispatcher(options: JobDispatcherOptions): JobDispatcher {
  const running = new Map<string, { job: Job<object>; done: Promise<void> }>();
  const finished: Job<object>[] = [];
  let completing: Promise<void> | undefined;
  let stopping = false;
  let wakeRequested = true;
  let backlog = false;
  let wakeLoop: (() => void) | undefined;

  const wake = () => {
    wakeRequested = true;
    wakeLoop?.();
  };
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wakeLoop = undefined;
        wakeRequested = true;
        resolve();
      }, ms);
      wakeLoop = () => {
        clearTimeout(timer);
        wakeLoop = undefined;
        resolve();
      };
    });

  // Completions since the last flush go out in one statement; one flush runs at a time.
  const complete = (job: Job<object>) => {
    finished.push(job);
    completing ??= (async () => {
      while (finished.length > 0) {
        const batch = finished.splice(0, finished.length);
        await options.boss.complete(options.queue, batch, undefined, { db: options.db }).catch((error: unknown) => {
          // The jobs stay claimed; their heartbeat stops and another worker finds them finished.
          options.logger.log('error', 'could not complete jobs', { queue: options.queue, jobs: batch.length, error: String(error) });
        });
      }
      completing = undefined;
    })();
  };

  const start = (job: Job<object>) => {
    const done = options.run(job).then(
      () => complete(job),
      async (error: unknown) => {
        // Failed, the job goes back to pg-boss, which retries it (a stopped execution resumes this way).
        const reason = { message: error instanceof Error ? error.message : String(error) };
        await options.boss.fail(options.queue, job, reason, { db: options.db }).catch((failure: unknown) => {
          options.logger.log('error', 'could not fail a job', { queue: options.queue, jobId: job.id, error: String(failure) });
        });
      },
    );
    running.set(job.id, {
      job,
      done: done.finally(() => {
        running.delete(job.id);
        if (backlog) wake();
        else wakeLoop?.();
      }),
    });
  };

  const loop = async () => {
    while (!stopping) {
      const free = options.concurrency - running.size;
      if (free > 0 && wakeRequested) {
        wakeRequested = false;
        const wanted = Math.min(free, MAX_FETCH);
        const jobs = await options.boss.fetch<object>(options.queue, { batchSize: wanted, db: options.fetchDb }).catch((error: unknown): Job<object>[] => {
          options.logger.log('error', 'could not fetch jobs', { queue: options.queue, error: String(error) });
          return [];
        });
        for (const job of jobs) start(job);
        // A full fetch means more may wait: fetch again as soon as a slot is free.
        backlog = jobs.length === wanted;
        if (backlog) wakeRequested = true;
        continue;
      }
      await pause(options.pollMs);
    }
  };

  const heartbeat = setInterval(
    () => {
      const claimed = [...running.values()].map((entry) => entry.job);
      if (claimed.length === 0) return;
      options.boss.touch(options.queue, claimed, { db: options.db }).catch((error: unknown) => {
        options.logger.log('warn', 'could not refresh job heartbeats', { queue: options.queue, error: String(error) });
      });
    },
    Math.max(1_000, (options.heartbeatSeconds * 1_000) / 2),
  );
  heartbeat.unref();
  const looping = loop();

  return {
    wake,
    async stop() {
      stopping = true;
      wakeLoop?.();
      await looping;
      await Promise.all([...running.values()].map((entry) => entry.done));
      clearInterval(heartbeat);
      await completing;
    },
  };
}
