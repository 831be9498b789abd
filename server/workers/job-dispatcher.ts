import type { Logger } from '@weft/engine';
import type { Db, Job, PgBoss } from 'pg-boss';
import { deferJobs } from '../storage/job-queue.ts';

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
  /**
   * A claimed job's heartbeat is refreshed twice in this time, and a held job deferred by this
   * much; a job whose heartbeat stops, or whose hold runs out, goes to another worker.
   */
  heartbeatSeconds: number;
  /** Fetch this often even without a wake-up: jobs that come due by time (retries, resumes) send none. */
  pollMs: number;
  logger: Logger;
  run(job: Job<object>): Promise<void>;
}

export interface JobDispatcher {
  /** Jobs were queued: fetch now rather than at the next poll. */
  wake(): void;
  /**
   * A free slot for a job this process is about to queue held (see QueuedExecution), or undefined
   * when there is none to spare: all are taken, or queued jobs wait for them, which go first.
   */
  reserve(): HeldSlot | undefined;
  /** Stops fetching and waits for the running jobs to settle. */
  stop(): Promise<void>;
}

export interface HeldSlot {
  /** Runs the held job `jobId`, now committed, in this slot. */
  start(jobId: string, run: () => Promise<void>): void;
  /** Gives the slot back: the job was not queued after all. */
  cancel(): void;
}

/** No fetch asks for more than this, however many slots are free. */
const MAX_FETCH = 50;

/**
 * Runs a pg-boss queue's jobs with one fetch loop per process instead of one pg-boss worker per
 * slot: a fetch takes as many jobs as there are free slots, finished jobs are completed together
 * in one statement, and the claimed jobs' heartbeats are refreshed together. One pg-boss worker
 * per slot would poll once per slot and wake every slot on each notification.
 * Held jobs skip the fetch: the process that queued them runs them in a slot it reserved.
 */
export function startJobDispatcher(options: JobDispatcherOptions): JobDispatcher {
  // A fetched job is known with its attempt (pg-boss fences its completion by it); a held one by its id.
  const running = new Map<string, { fetched?: Job<object>; done: Promise<void> }>();
  const finished: Job<object>[] = [];
  const finishedHeld: string[] = [];
  let completing: Promise<void> | undefined;
  let stopping = false;
  let fetching = 0;
  let reserved = 0;
  let wakeRequested = true;
  let backlog = false;
  let wakeLoop: (() => void) | undefined;
  const log = (level: 'warn' | 'error', message: string, error: unknown, fields: Record<string, unknown> = {}) =>
    options.logger.log(level, message, { queue: options.queue, ...fields, error: String(error) });

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

  // Completions since the last flush go out together; one flush runs at a time. A held job is
  // deleted rather than completed: nothing reads it once its execution is settled, and a delete
  // writes no new row version to every index of pg-boss's table. A job that cannot be completed stays
  // queued or claimed, and the worker that gets it next finds its execution finished.
  const complete = (job: { fetched: Job<object> } | { heldId: string }) => {
    if ('fetched' in job) finished.push(job.fetched);
    else finishedHeld.push(job.heldId);
    completing ??= (async () => {
      while (finished.length > 0 || finishedHeld.length > 0) {
        const fetched = finished.splice(0);
        const held = finishedHeld.splice(0);
        const db = { db: options.db };
        await Promise.all([
          fetched.length === 0 ? undefined : options.boss.complete(options.queue, fetched, undefined, db),
          held.length === 0 ? undefined : options.boss.deleteJob(options.queue, held, db),
        ]).catch((error: unknown) => log('error', 'could not complete jobs', error, { jobs: fetched.length + held.length }));
      }
      completing = undefined;
    })();
  };

  const track = (jobId: string, fetched: Job<object> | undefined, done: Promise<void>) => {
    running.set(jobId, {
      ...(fetched === undefined ? {} : { fetched }),
      done: done.finally(() => {
        running.delete(jobId);
        if (backlog) wake();
        else wakeLoop?.();
      }),
    });
  };

  const start = (job: Job<object>) => {
    const done = options.run(job).then(
      () => complete({ fetched: job }),
      async (error: unknown) => {
        // Failed, the job goes back to pg-boss, which retries it (a stopped execution resumes this way).
        const reason = { message: error instanceof Error ? error.message : String(error) };
        await options.boss.fail(options.queue, job, reason, { db: options.db }).catch((failure: unknown) => log('error', 'could not fail a job', failure, { jobId: job.id }));
      },
    );
    track(job.id, job, done);
  };

  const startHeld = (jobId: string, run: () => Promise<void>) => {
    // Committed only once stopping began: handed on rather than started.
    const ran = stopping ? Promise.reject(new Error('stopping')) : run();
    const done = ran.then(
      () => complete({ heldId: jobId }),
      // Failed (or stopped), the job is handed to any worker at once, which resumes the execution.
      () => deferJobs(options.fetchDb, options.queue, [jobId], 0).catch((failure: unknown) => log('error', 'could not hand a held job on', failure, { jobId })),
    );
    track(jobId, undefined, done);
  };

  const reserve = (): HeldSlot | undefined => {
    // Queued jobs are not starved: a slot that frees wakes the fetch loop at once, before a commit
    // of new events can come back to reserve it.
    if (stopping || options.concurrency - running.size - reserved - fetching <= 0) return undefined;
    reserved += 1;
    let open = true;
    const release = () => {
      if (!open) return false;
      open = false;
      reserved -= 1;
      return true;
    };
    return {
      start(jobId, run) {
        if (release()) startHeld(jobId, run);
      },
      cancel() {
        if (release()) wakeLoop?.();
      },
    };
  };

  const loop = async () => {
    while (!stopping) {
      const free = options.concurrency - running.size - reserved;
      if (free > 0 && wakeRequested) {
        wakeRequested = false;
        const wanted = Math.min(free, MAX_FETCH);
        // The slots a fetch may fill are not reserved while it is out.
        fetching = wanted;
        const jobs = await options.boss.fetch<object>(options.queue, { batchSize: wanted, db: options.fetchDb }).catch((error: unknown): Job<object>[] => {
          log('error', 'could not fetch jobs', error);
          return [];
        });
        fetching = 0;
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
      const claimed = [...running.values()].flatMap((entry) => (entry.fetched === undefined ? [] : [entry.fetched]));
      const held = [...running].flatMap(([jobId, entry]) => (entry.fetched === undefined ? [jobId] : []));
      if (claimed.length > 0) options.boss.touch(options.queue, claimed, { db: options.db }).catch((error: unknown) => log('warn', 'could not refresh job heartbeats', error));
      if (held.length > 0) deferJobs(options.fetchDb, options.queue, held, options.heartbeatSeconds).catch((error: unknown) => log('warn', 'could not defer held jobs', error));
    },
    Math.max(1_000, (options.heartbeatSeconds * 1_000) / 2),
  );
  heartbeat.unref();
  const looping = loop();

  return {
    wake,
    reserve,
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
