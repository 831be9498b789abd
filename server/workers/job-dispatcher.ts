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
   * Takes a job this process is about to queue held (see QueuedExecution), to run in its next
   * free slot; undefined when it should be queued for any worker instead: this process is
   * stopping, or already has HELD_WAITING_PER_SLOT held jobs waiting for each of its slots.
   */
  reserve(): HeldSlot | undefined;
  /** Stops fetching, hands waiting held jobs on, and waits for the running jobs to settle. */
  stop(): Promise<void>;
}

export interface HeldSlot {
  /** The held job `jobId` is committed: run it in the next free slot. */
  start(jobId: string, run: () => Promise<void>): void;
  /** The job was not queued after all. */
  cancel(): void;
}

interface WaitingHeldJob {
  jobId: string;
  run: () => Promise<void>;
  /** Started after this (ms since the epoch), it might outlive its hold before a heartbeat defers it: handed on instead. */
  startBy: number;
}

/** No fetch asks for more than this, however many slots are free. */
const MAX_FETCH = 50;

/**
 * Held jobs that may wait here for a slot, per slot: enough to take a burst without sending its
 * overflow through the queue (a fetch and a claim each). Behind slow flows they would not all
 * start in time; those that wait past a quarter of their hold are handed to any worker.
 */
const HELD_WAITING_PER_SLOT = 10;

/**
 * Runs a pg-boss queue's jobs with one fetch loop per process instead of one pg-boss worker per
 * slot: a fetch takes as many jobs as there are free slots, finished jobs are completed together
 * in one statement, and the claimed jobs' heartbeats are refreshed together. One pg-boss worker
 * per slot would poll once per slot and wake every slot on each notification.
 *
 * Held jobs skip the fetch: the process that queued them runs them as slots free up. While queued
 * jobs are known to wait too, freed slots go to the two in turns, so neither starves the other; a
 * held job that waited too long for a slot is handed to any worker.
 */
export function startJobDispatcher(options: JobDispatcherOptions): JobDispatcher {
  // A fetched job is known with its attempt (pg-boss fences its completion by it); a held one by its id.
  const running = new Map<string, { fetched?: Job<object>; done: Promise<void> }>();
  const waitingHeld: WaitingHeldJob[] = [];
  const finished: Job<object>[] = [];
  const finishedHeld: string[] = [];
  const handingOn = new Set<Promise<void>>();
  let completing: Promise<void> | undefined;
  let stopping = false;
  let fetching = 0;
  let reserved = 0;
  let lastTurn: 'held' | 'queued' = 'queued';
  let wakeRequested = true;
  let backlog = false;
  let wakeLoop: (() => void) | undefined;
  const holdMs = options.heartbeatSeconds * 1_000;
  const freeSlots = () => options.concurrency - running.size - fetching;
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

  // Held jobs this process will not run (after all) are made due at once, for any worker.
  const handOn = (jobIds: string[]) => {
    const deferred = deferJobs(options.fetchDb, options.queue, jobIds, 0).catch((error: unknown) => log('error', 'could not hand held jobs on', error, { jobs: jobIds.length }));
    handingOn.add(deferred);
    void deferred.finally(() => handingOn.delete(deferred));
    return deferred;
  };

  const track = (jobId: string, fetched: Job<object> | undefined, done: Promise<void>) => {
    running.set(jobId, {
      ...(fetched === undefined ? {} : { fetched }),
      done: done.finally(() => {
        running.delete(jobId);
        slotFreed();
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

  const startHeld = (held: WaitingHeldJob) => {
    const done = held.run().then(
      () => complete({ heldId: held.jobId }),
      // Failed (or stopped), it goes to any worker at once, which resumes the execution.
      async (error: unknown) => {
        if (!stopping) log('warn', 'a held job failed; handed to any worker', error, { jobId: held.jobId });
        await handOn([held.jobId]);
      },
    );
    track(held.jobId, undefined, done);
  };

  // Starts waiting held jobs in the free slots, taking turns with queued jobs when those wait too.
  const startWaitingHeld = () => {
    while (waitingHeld.length > 0 && freeSlots() > 0) {
      if ((wakeRequested || backlog) && lastTurn === 'held') {
        wake();
        return;
      }
      const next = waitingHeld.shift() as WaitingHeldJob;
      if (Date.now() > next.startBy) {
        void handOn([next.jobId]);
        continue;
      }
      lastTurn = 'held';
      startHeld(next);
    }
  };

  const slotFreed = () => {
    if (waitingHeld.length > 0) startWaitingHeld();
    else if (backlog) wake();
    else wakeLoop?.();
  };

  const reserve = (): HeldSlot | undefined => {
    if (stopping || reserved + waitingHeld.length >= options.concurrency * HELD_WAITING_PER_SLOT) return undefined;
    reserved += 1;
    // The job is held for holdMs from its commit, after this; a heartbeat defers it within holdMs / 2 of its start.
    const startBy = Date.now() + holdMs / 4;
    let open = true;
    const close = () => {
      if (!open) return false;
      open = false;
      reserved -= 1;
      return true;
    };
    return {
      start(jobId, run) {
        if (!close()) return;
        if (stopping) return void handOn([jobId]);
        waitingHeld.push({ jobId, run, startBy });
        startWaitingHeld();
      },
      cancel: () => void close(),
    };
  };

  const loop = async () => {
    while (!stopping) {
      const free = freeSlots();
      if (free > 0 && wakeRequested) {
        wakeRequested = false;
        const wanted = Math.min(free, MAX_FETCH);
        // The slots a fetch may fill are not given to held jobs while it is out.
        fetching = wanted;
        const jobs = await options.boss.fetch<object>(options.queue, { batchSize: wanted, db: options.fetchDb }).catch((error: unknown): Job<object>[] => {
          log('error', 'could not fetch jobs', error);
          return [];
        });
        fetching = 0;
        if (jobs.length > 0) lastTurn = 'queued';
        for (const job of jobs) start(job);
        // A full fetch means more may wait: fetch again as soon as a slot is free.
        backlog = jobs.length === wanted;
        if (backlog) wakeRequested = true;
        startWaitingHeld();
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
      // Held jobs that waited too long for a slot here go to any worker.
      const now = Date.now();
      const stale = waitingHeld.filter((waiting) => now > waiting.startBy);
      if (stale.length > 0) {
        waitingHeld.splice(0, waitingHeld.length, ...waitingHeld.filter((waiting) => now <= waiting.startBy));
        void handOn(stale.map((waiting) => waiting.jobId));
      }
    },
    Math.max(1_000, holdMs / 2),
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
      if (waitingHeld.length > 0) void handOn(waitingHeld.splice(0).map((waiting) => waiting.jobId));
      await Promise.all([...running.values()].map((entry) => entry.done));
      clearInterval(heartbeat);
      await completing;
      await Promise.all(handingOn);
    },
  };
}
