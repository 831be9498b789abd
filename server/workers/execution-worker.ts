import { hostname } from 'node:os';
import { type Engine, type ExecutionResult, ExecutionStoppedError, type FlowDocument, type Logger } from '@weft/engine';
import { type Database, inTransaction } from '../storage/database.ts';
import { finishExecution, markWaiting } from '../storage/execution-lifecycle.ts';
import { claimWithinLimit } from './concurrency-gate.ts';
import { documentOfExecution, type ExecutionRecord, getExecution, loadSteps, saveStep } from '../storage/executions-repo.ts';
import { queueErrorFlow } from '../storage/queue-error-flow.ts';
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
  let seq = finishedSteps.length;
  let result: ExecutionResult;
  try {
    result = await engine.execute({
      plan,
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
  await settle(options, { ...execution, document }, result);
}

interface SettledExecution extends ExecutionRecord {
  document: FlowDocument;
}

async function settle(options: Pick<ExecutionWorkerOptions, 'database' | 'logger' | 'queue'>, execution: SettledExecution, result: ExecutionResult) {
  const executionId = execution.id;
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
  const error = result.error;
  await inTransaction(options.database, async (client) => {
    await finishExecution(client, executionId, { status, error, response: result.response });
    // An error flow's own failure starts no further error flow: that could loop forever.
    if (status !== 'failed' || error === null || execution.mode === 'error') return;
    const outcome = await queueErrorFlow(client, options.queue, { ...execution, error });
    if ('skipped' in outcome && execution.document.settings.errorFlowId !== undefined) {
      options.logger.log('warn', 'error flow not started', { executionId, reason: outcome.skipped });
    }
  });
  options.logger.log('info', 'execution finished', { executionId, status });
}
