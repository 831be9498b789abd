import type { Database } from './database.ts';
import { executionsInsert, insertExecutions, type NewExecution } from './executions-repo.ts';
import { createGroupCommit } from './group-commit.ts';
import type { JobQueue } from './job-queue.ts';
import { MAX_ROWS_PER_INSERT } from './row-insert.ts';
import { uuidV7 } from './uuid-v7.ts';

export type IncomingEvent = Omit<NewExecution, 'id'>;

export type BeforeCommit = (executionId: string, runsHere: boolean) => void;

export interface IngestBatcher {
  /**
   * Resolves with the execution id once the event and its job are committed (durably).
   * `beforeCommit` learns the id first, and whether this process's worker will run the event.
   */
  accept(event: IncomingEvent, options?: AcceptOptions): Promise<string>;
}

export interface AcceptOptions {
  beforeCommit?: BeforeCommit;
  /** Someone waits for the run's outcome (a webhook answered when its flow finishes). */
  awaited?: boolean;
}

/**
 * This process's own worker, when it has one: it runs an event as soon as it is committed, without
 * a job, and so without the round trips of queueing, fetching and completing one. Should the
 * process die first, the execution is queued again when its worker falls silent (worker-liveness.ts).
 */
export interface LocalRunner {
  /**
   * A run of `event` here, or undefined when the event is queued for any worker. It may wait a
   * moment for room while the runs waiting here are many (see JobDispatcher.reserve).
   */
  take(event: IncomingEvent): Promise<LocalRun | undefined>;
  /**
   * An event began to be accepted, and one is committed (or failed): while a burst is being
   * accepted, runs nobody waits on wait for it (see IngressFirst).
   */
  accepting(): void;
  accepted(): void;
}

export interface LocalRun {
  /** The worker the execution is stored as claimed by. */
  claimedBy: string;
  /** The event is committed: run it. */
  start(executionId: string, awaited: boolean): void;
  /** The event was not committed: nothing to run. */
  cancel(): void;
}

interface Accepted {
  id: string;
  event: IncomingEvent;
  options: AcceptOptions;
  run: LocalRun | undefined;
}

/**
 * Group commit for accepting events: the rows and jobs of events that arrive together are written
 * in one transaction (see createGroupCommit). Every event still gets its 2xx only after its own
 * rows are durable, and a failed commit fails exactly the events in it. Events `local` takes are
 * stored claimed, without a job, and run here once committed; `local` also learns which events are
 * being accepted, so that their runs can wait for a burst to be accepted first.
 */
export function createIngestBatcher(database: Database, queue: JobQueue, local?: LocalRunner): IngestBatcher {
  const commit = createGroupCommit(async (batch: Accepted[]) => {
    const executions = batch.map((item) => ({ ...item.event, id: item.id, ...(item.run === undefined ? {} : { claimedBy: item.run.claimedBy }) }));
    const jobs = batch.flatMap((item) =>
      item.run === undefined ? [{ data: { executionId: item.id, flowId: item.event.flowId, flowVersion: item.event.flowVersion } }] : [],
    );
    for (const item of batch) item.options.beforeCommit?.(item.id, item.run !== undefined);
    // The executions, and the jobs of those not run here, in one statement that commits them together.
    if (jobs.length === 0) await insertExecutions(database, executions);
    else await queue.enqueueExecutions(database, jobs, (firstParam) => executionsInsert(executions, firstParam));
    // After this turn, in which the requests are answered: a 202 does not wait for a flow's first steps.
    setImmediate(() => {
      for (const item of batch) item.run?.start(item.id, item.options.awaited === true);
    });
    return batch.map((item) => item.id);
  }, MAX_ROWS_PER_INSERT);
  return {
    async accept(event, options = {}) {
      if (local === undefined) return commit({ id: uuidV7(), event, options, run: undefined });
      local.accepting();
      let run: LocalRun | undefined;
      try {
        run = await local.take(event);
        // A failed group commit is tried again item by item (see createGroupCommit): only a final failure ends the run.
        return await commit({ id: uuidV7(), event, options, run });
      } catch (error) {
        run?.cancel();
        throw error;
      } finally {
        local.accepted();
      }
    },
  };
}
