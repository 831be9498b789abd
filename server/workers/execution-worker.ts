import { hostname } from 'node:os';
import { type Engine, type ExecutionResult, ExecutionStoppedError, type Logger } from '@weft/engine';
import { type Database, inTransaction } from '../storage/database.ts';
import { finishExecution, markRunning, markWaiting } from '../storage/execution-lifecycle.ts';
import { documentOfExecution, getExecution, loadSteps, saveStep } from '../storage/executions-repo.ts';
import { EXECUTE_QUEUE, executeJobSchema, type JobQueue } from '../storage/job-queue.ts';

export interface ExecutionWorkerOptions {
  database: Database;
  queue: JobQueue;
  engine: Engine;
  logger: Logger;
  /** Executions this process runs at once. */
  concurrency: number;
  suspendAfterMs: number;
}

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
  if (!(await markRunning(database, executionId, workerName))) return;
  const document = await documentOfExecution(database, executionId);
  const cacheKey = execution.flowVersion === null ? undefined : `${execution.flowId}@${execution.flowVersion}`;
  const finishedSteps = await loadSteps(database, executionId);
  let seq = finishedSteps.length;
  let result: ExecutionResult;
  try {
    result = await engine.execute({
      plan: engine.plan(document, cacheKey),
      execution: { id: executionId, flowId: execution.flowId, flowVersion: execution.flowVersion },
      payload: execution.payload,
      ...(execution.triggerNode === null ? {} : { triggerNodeId: execution.triggerNode }),
      ...(execution.retry === null ? {} : { pendingRetry: execution.retry }),
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
  await settle(options, executionId, result);
}

async function settle(options: Pick<ExecutionWorkerOptions, 'database' | 'logger' | 'queue'>, executionId: string, result: ExecutionResult) {
  if (result.status === 'waiting' && result.retry !== null) {
    const resumeAt = new Date(result.retry.resumeAt);
    await inTransaction(options.database, async (client) => {
      await markWaiting(client, executionId, result);
      await options.queue.enqueueExecution(client, executionId, resumeAt);
    });
    options.logger.log('info', 'execution waiting for a retry', { executionId, resumeAt: result.retry.resumeAt });
    return;
  }
  const status = result.status === 'succeeded' ? 'succeeded' : 'failed';
  await finishExecution(options.database, executionId, { status, error: result.error, response: result.response });
  options.logger.log('info', 'execution finished', { executionId, status });
}
