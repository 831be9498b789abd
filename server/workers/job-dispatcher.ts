import type { Logger } from '@weft/engine';
import type { Db, Job, PgBoss } from 'pg-boss';
import type { IngressFirst } from './ingress-first.ts';

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
  /** A claimed job's heartbeat is refreshed twice in this time; a job whose heartbeat stops goes to another worker. */
  heartbeatSeconds: number;
  /** Fetch this often even without a wake-up: jobs that come due by time (retries, resumes) send none. */
  pollMs: number;
  logger: Logger;
  run(job: Job<object>): Promise<void>;
  /** Queues jobs for local runs this process will not run after all (they have none), for any worker. */
  handOn(ids: string[]): Promise<void>;
  /** While this process accepts a burst of events, runs that nobody waits on start after it (see IngressFirst). */
  ingressFirst: IngressFirst;
}

export interface JobDispatcher {
  /** Jobs were queued: fetch now rather than at the next poll. */
  wake(): void;
  /**
   * Takes a local run, work this process is about to store for itself, with no job, to run in its
   * next free slot; undefined when it should be queued for any worker instead: this process is
   * stopping, or its local runs waiting for a slot are too many (LOCAL_WAITING_PER_SLOT) or hold
   * too much (LOCAL_WAITING_BYTES) and no room is made within LOCAL_ROOM_WAIT_MS (or, as slow runs
   * free their slots, none is expected to be). `bytes` is about what the run's event holds in memory.
   *
   * Waiting for room paces the events of sustained overload to what this process runs, rather than
   * queueing them: the queue's insert, fetch, claim and completion cost PostgreSQL three times the
   * CPU of a local run, so overflowing into it ran fewer events per second, not more.
   */
  reserve(bytes: number): Promise<LocalSlot | undefined>;
  /** Stops fetching, hands waiting local runs on, and waits for the running ones to settle. */
  stop(): Promise<void>;
}

export interface LocalSlot {
  /**
   * The local run `id` is committed: run it in the next free slot. An `awaited` run (a webhook
   * answers when it finishes) is not held back while events are being accepted.
   */
  start(id: string, run: () => Promise<void>, awaited: boolean): void;
  /** It was not stored after all. */
  cancel(): void;
}

interface WaitingLocalRun {
  id: string;
  run: () => Promise<void>;
  awaited: boolean;
  bytes: number;
  /** Not started by then (ms since the epoch), it is handed to any worker rather than wait on here. */
  startBy: number;
}

/** No fetch asks for more than this, however many slots are free. */
const MAX_FETCH = 50;

/**
 * Local runs that may wait here for a slot, per slot: enough to take a burst (held back while it is
 * accepted, see IngressFirst) without sending its overflow through the queue (a fetch and a claim
 * each). Behind slow flows they would wait long; those that wait past a quarter of a heartbeat are
 * handed to any worker.
 */
export const LOCAL_WAITING_PER_SLOT = 50;
/** And what their events hold, at most: a burst of large bodies waits in the database, not in memory. */
const LOCAL_WAITING_BYTES = 64 * 1024 * 1024;
/**
 * With no room left for local runs to wait, an event waits for room this long at most before it is
 * queued for any worker.
 */
export const LOCAL_ROOM_WAIT_MS = 250;

interface RoomWaiter {
  bytes: number;
  timer: NodeJS.Timeout;
  grant(slot: LocalSlot | undefined): void;
}

/**
 * Runs a pg-boss queue's jobs with one fetch loop per process instead of one pg-boss worker per
 * slot: a fetch takes as many jobs as there are free slots, finished jobs are completed together
 * in one statement, and the claimed jobs' heartbeats are refreshed together. One pg-boss worker
 * per slot would poll once per slot and wake every slot on each notification.
 *
 * Local runs have no job to fetch: the process that stored them runs them as slots free up. While
 * queued jobs are known to wait too, freed slots go to the two in turns, so neither starves the
 * other; a local run that waited too long for a slot is handed to any worker.
 */
export function startJobDispatcher(options: JobDispatcherOptions): JobDispatcher {
  // A fetched job is known with its attempt (pg-boss fences its completion by it); a local run by its id.
  const running = new Map<string, { fetched?: Job<object>; done: Promise<void> }>();
  const waitingLocal: WaitingLocalRun[] = [];
  const roomWaiters: RoomWaiter[] = [];
  const finished: Job<object>[] = [];
  const handingOn = new Set<Promise<void>>();
  let completing: Promise<void> | undefined;
  let stopping = false;
  let fetching = 0;
  // Local runs reserved (about to be stored), and about the memory their events and the waiting ones' hold.
  let reserved = 0;
  let reservedBytes = 0;
  let waitingBytes = 0;
  // Waiting local runs that someone waits on: they start even while runs are held back.
  let awaitedWaiting = 0;
  // How long a run holds its slot, as a moving average (unknown before one finished): how soon slots free up.
  let meanRunMs: number | undefined;
  let lastTurn: 'local' | 'queued' = 'queued';
  let wakeRequested = true;
  let backlog = false;
  let wakeLoop: (() => void) | undefined;
  const heartbeatMs = options.heartbeatSeconds * 1_000;
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

  // Completions since the last flush go out together; one flush runs at a time. A job that cannot be
  // completed stays claimed, and the worker that gets it next finds its execution finished.
  const complete = (job: Job<object>) => {
    finished.push(job);
    completing ??= (async () => {
      while (finished.length > 0) {
        const jobs = finished.splice(0);
        await options.boss
          .complete(options.queue, jobs, undefined, { db: options.db })
          .catch((error: unknown) => log('error', 'could not complete jobs', error, { jobs: jobs.length }));
      }
      completing = undefined;
    })();
  };

  // Local runs this process will not run (after all) are queued for any worker. While that fails
  // (PostgreSQL is away), each heartbeat tries again: a live worker's claims are its own to settle.
  const handOnAgain = new Set<string>();
  const handOn = (ids: string[]) => {
    // Out of the set while tried, so that a slow attempt is not made twice at once (two jobs).
    for (const id of ids) handOnAgain.delete(id);
    const deferred = options.handOn(ids).catch((error: unknown) => {
      for (const id of ids) handOnAgain.add(id);
      log('warn', 'could not hand local runs on; trying again', error, { runs: ids.length });
    });
    handingOn.add(deferred);
    void deferred.finally(() => handingOn.delete(deferred));
    return deferred;
  };

  const track = (id: string, fetched: Job<object> | undefined, done: Promise<void>) => {
    const startedAt = performance.now();
    running.set(id, {
      ...(fetched === undefined ? {} : { fetched }),
      done: done.finally(() => {
        const ms = performance.now() - startedAt;
        meanRunMs = meanRunMs === undefined ? ms : meanRunMs + (ms - meanRunMs) / 16;
        running.delete(id);
        slotFreed();
      }),
    });
  };

  const start = (job: Job<object>) => {
    const done = options.run(job).then(
      () => complete(job),
      async (error: unknown) => {
        // Failed, the job goes back to pg-boss, which retries it (a stopped execution resumes this way).
        const reason = { message: error instanceof Error ? error.message : String(error) };
        await options.boss.fail(options.queue, job, reason, { db: options.db }).catch((failure: unknown) => log('error', 'could not fail a job', failure, { jobId: job.id }));
      },
    );
    track(job.id, job, done);
  };

  const startLocal = (local: WaitingLocalRun) => {
    const done = local.run().then(
      () => undefined,
      // Failed (or stopped), it goes to any worker at once, which resumes the execution.
      async (error: unknown) => {
        if (!stopping) log('warn', 'a local run failed; handed to any worker', error, { id: local.id });
        await handOn([local.id]);
      },
    );
    track(local.id, undefined, done);
  };

  const enterWaiting = (local: WaitingLocalRun) => {
    waitingLocal.push(local);
    waitingBytes += local.bytes;
    if (local.awaited) awaitedWaiting += 1;
  };
  const leaveWaiting = (start: number, count = waitingLocal.length - start) => {
    const left = waitingLocal.splice(start, count);
    for (const local of left) {
      waitingBytes -= local.bytes;
      if (local.awaited) awaitedWaiting -= 1;
    }
    grantRoom();
    return left;
  };

  // Starts waiting local runs in the free slots, taking turns with queued jobs when those wait too.
  // While events are being accepted, only runs that someone waits on start.
  const startWaitingLocal = () => {
    // Events waiting for room end the hold: the burst is larger than what may wait here.
    const held = roomWaiters.length === 0 && options.ingressFirst.holdsRuns();
    // Called as each event of a burst is stored: walking the held ones each time would cost O(burst²).
    if (held && awaitedWaiting === 0) return;
    let index = 0;
    while (index < waitingLocal.length && freeSlots() > 0) {
      if ((wakeRequested || backlog) && lastTurn === 'local' && !held) {
        wake();
        return;
      }
      const next = waitingLocal[index] as WaitingLocalRun;
      if (held && !next.awaited) {
        index += 1;
        continue;
      }
      leaveWaiting(index, 1);
      if (Date.now() > next.startBy) {
        void handOn([next.id]);
        continue;
      }
      lastTurn = 'local';
      startLocal(next);
    }
  };

  const slotFreed = () => {
    if (waitingLocal.length > 0) startWaitingLocal();
    else if (backlog) wake();
    else wakeLoop?.();
  };

  const hasRoom = (bytes: number) =>
    reserved + waitingLocal.length < options.concurrency * LOCAL_WAITING_PER_SLOT && reservedBytes + waitingBytes + bytes <= LOCAL_WAITING_BYTES;

  const slotFor = (bytes: number): LocalSlot => {
    reserved += 1;
    reservedBytes += bytes;
    const startBy = Date.now() + heartbeatMs / 4;
    let open = true;
    const close = () => {
      if (!open) return false;
      open = false;
      reserved -= 1;
      reservedBytes -= bytes;
      return true;
    };
    return {
      start(id, run, awaited) {
        if (!close()) return;
        if (stopping) return void handOn([id]);
        enterWaiting({ id, run, awaited, bytes, startBy });
        startWaitingLocal();
      },
      cancel() {
        if (close()) grantRoom();
      },
    };
  };

  // Room made (or stopping): the events waiting for it take it in the order they came.
  const grantRoom = () => {
    while (roomWaiters.length > 0) {
      const first = roomWaiters[0] as RoomWaiter;
      if (!stopping && !hasRoom(first.bytes)) return;
      roomWaiters.shift();
      clearTimeout(first.timer);
      first.grant(stopping ? undefined : slotFor(first.bytes));
    }
  };

  const reserve = async (bytes: number): Promise<LocalSlot | undefined> => {
    if (stopping || bytes > LOCAL_WAITING_BYTES) return undefined;
    if (roomWaiters.length === 0 && hasRoom(bytes)) return slotFor(bytes);
    // Room comes as slots free up, one every meanRunMs / concurrency: behind slow flows, waiting
    // would only delay the answer, so the event is queued at once.
    const expectedWaitMs = ((roomWaiters.length + 1) * (meanRunMs ?? 0)) / options.concurrency;
    if (expectedWaitMs > LOCAL_ROOM_WAIT_MS) return undefined;
    return new Promise((grant) => {
      const waiter: RoomWaiter = {
        bytes,
        grant,
        timer: setTimeout(() => {
          roomWaiters.splice(roomWaiters.indexOf(waiter), 1);
          grant(undefined);
        }, LOCAL_ROOM_WAIT_MS),
      };
      roomWaiters.push(waiter);
      // Runs held back for a burst now start: it is larger than what may wait for them here.
      startWaitingLocal();
    });
  };

  const loop = async () => {
    while (!stopping) {
      const free = freeSlots();
      if (free > 0 && wakeRequested) {
        wakeRequested = false;
        const wanted = Math.min(free, MAX_FETCH);
        // The slots a fetch may fill are not given to local runs while it is out.
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
        startWaitingLocal();
        continue;
      }
      await pause(options.pollMs);
    }
  };

  const heartbeat = setInterval(
    () => {
      const claimed = [...running.values()].flatMap((entry) => (entry.fetched === undefined ? [] : [entry.fetched]));
      if (claimed.length > 0) options.boss.touch(options.queue, claimed, { db: options.db }).catch((error: unknown) => log('warn', 'could not refresh job heartbeats', error));
      if (handOnAgain.size > 0) void handOn([...handOnAgain]);
      // Local runs that waited too long for a slot here go to any worker.
      const now = Date.now();
      const stale: string[] = [];
      for (let index = waitingLocal.length - 1; index >= 0; index -= 1) {
        if (now > (waitingLocal[index] as WaitingLocalRun).startBy) stale.push(...leaveWaiting(index, 1).map((waiting) => waiting.id));
      }
      if (stale.length > 0) void handOn(stale);
    },
    Math.max(1_000, heartbeatMs / 2),
  );
  heartbeat.unref();
  options.ingressFirst.onRelease(startWaitingLocal);
  const looping = loop();

  return {
    wake,
    reserve,
    async stop() {
      stopping = true;
      grantRoom();
      wakeLoop?.();
      await looping;
      if (waitingLocal.length > 0) void handOn(leaveWaiting(0).map((waiting) => waiting.id));
      await Promise.all([...running.values()].map((entry) => entry.done));
      clearInterval(heartbeat);
      await completing;
      await Promise.all(handingOn);
      // Left unqueued, they are the reaper's: claimed by no live worker, without a job.
      if (handOnAgain.size > 0) await handOn([...handOnAgain]);
    },
  };
}
