import { hostname } from 'node:os';
import { type Engine, type ExecutionResult, ExecutionStoppedError, type Logger, type PendingWait, type ResumedWait } from '@weft/engine';
import { type Database, inTransaction, type Queryable } from '../storage/database.ts';
import { claimWithinLimit } from './concurrency-gate.ts';
import { documentOfExecution, getExecution, loadSteps, saveStep } from '../storage/executions-repo.ts';
import { EXECUTE_QUEUE, executeJobSchema, type JobQueue } from '../storage/job-queue.ts';
import { signalPayload } from '../storage/signals.ts';
import { settleExecution } from './settle-execution.ts';

export interface ExecutionWorkerOptions {
  database: Database;
  queue: JobQueue;
  engine: Engine;
  logger: Logger;
  /** Executions this process runs at once. */
  concurrency: number;
  suspendAfterMs: number;
}

/** How soon an execution held back by its flow's concurrency limit tries again. */
const BUSY_RETRY_MS = 500;

/** Names this process in `claimed_by`, so an operator can tell which worker ran (or lost) an execution. */
export const workerName = `${hostname()}:${process.pid}`;

/** Takes queued executions from pg-boss and runs them, checkpointing every step. */
export async function startExecutionWorker(options: ExecutionWorkerOptions): Promise<{ stop(): Promise<void> }> {
  // Fires on shutdown: running executions stop at their next step boundary and resume elsewhere.
  const stopping = new AbortController();
  await options.queue.boss.work(
    EXECUTE_QUEUE,
    // Polling stays at 1 s even with LISTEN/NOTIFY: a job whose startAfter comes due (a retry, a
    // resume) sends no notification, and must not wait for the slow 30 s backstop.
    { batchSize: 1, localConcurrency: options.concurrency, pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 1 },
    async (jobs) => {
      for (const job of jobs) {
        const { executionId } = executeJobSchema.parse(job.data);
        await runExecution(options, executionId, stopping.signal);
      }
    },
  );
  return {
    async stop() {
      stopping.abort();
      await options.queue.boss.offWork(EXECUTE_QUEUE, { wait: true });
    },
  };
}

/**
 * Runs (or resumes) one execution. Steps already committed by an earlier attempt are handed to
 * the engine as finished, so a worker that died mid-flow costs only the step it was on.
 */
export async function runExecution(
  options: Pick<ExecutionWorkerOptions, 'database' | 'engine' | 'logger' | 'queue' | 'suspendAfterMs'>,
  executionId: string,
  stopSignal?: AbortSignal,
) {
  const { database, engine } = options;
  const execution = await getExecution(database, executionId);
  const cacheKey = execution.flowVersion === null ? undefined : `${execution.flowId}@${execution.flowVersion}`;
  // A published version is immutable: once planned, its document need not be read (and parsed) again.
  const plan = (cacheKey === undefined ? undefined : engine.cachedPlan(cacheKey)) ?? engine.plan(await documentOfExecution(database, executionId), cacheKey);
  const document = plan.document;
  const claim = await claimWithinLimit(database, { executionId, flowId: execution.flowId, limit: document.settings.concurrency, workerName });
  if (claim === 'finished') return;
  if (claim === 'busy') {
    // The flow is at its concurrency limit: the execution waits its turn in the database.
    await inTransaction(database, (client) => options.queue.enqueueExecution(client, executionId, new Date(Date.now() + BUSY_RETRY_MS)));
    return;
  }
  const finishedSteps = await loadSteps(database, executionId);
  const resume = await resumedWaits(database, execution.waits);
  let seq = finishedSteps.length;
  let result: ExecutionResult;
  try {
    result = await engine.execute({
      plan,
      execution: { id: executionId, flowId: execution.flowId, flowVersion: execution.flowVersion },
      payload: execution.payload,
      ...(execution.triggerNode === null ? {} : { triggerNodeId: execution.triggerNode }),
      resume,
      finishedSteps,
      suspendAfterMs: options.suspendAfterMs,
      checkpoint: (step) => saveStep(database, executionId, seq++, step),
      ...(stopSignal === undefined ? {} : { stopSignal }),
    });
  } catch (error) {
    // Stopped for shutdown: failing the job hands it back to pg-boss, and another worker resumes it.
    if (error instanceof ExecutionStoppedError) options.logger.log('info', 'execution paused for shutdown', { executionId });
    throw error;
  }
  await settleExecution(options, { ...execution, document }, result);
}

/** What the engine needs to resume the steps a waiting execution was parked in, with their signals' payloads where raised. */
async function resumedWaits(database: Queryable, waits: readonly PendingWait[]): Promise<ResumedWait[]> {
  return Promise.all(
    waits.map(async (wait) => {
      const signal = wait.node?.signal;
      const payload = signal === undefined ? undefined : await signalPayload(database, signal);
      return payload === undefined ? wait : { ...wait, signalPayload: payload };
    }),
  );
}
