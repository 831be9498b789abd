import type { Engine, Logger } from '@weft/engine';
import { finishExecution, markRunning } from '../storage/execution-lifecycle.ts';
import { documentOfExecution, getExecution, loadSteps, saveStep } from '../storage/executions-repo.ts';
import type { Database } from '../storage/database.ts';
import { EXECUTE_QUEUE, executeJobSchema, type JobQueue } from '../storage/job-queue.ts';

export interface ExecutionWorkerOptions {
  database: Database;
  queue: JobQueue;
  engine: Engine;
  logger: Logger;
  /** Executions this process runs at once. */
  concurrency: number;
}

/** Takes queued executions from pg-boss and runs them, checkpointing every step. */
export async function startExecutionWorker(options: ExecutionWorkerOptions): Promise<{ stop(): Promise<void> }> {
  await options.queue.boss.work(
    EXECUTE_QUEUE,
    { batchSize: 1, localConcurrency: options.concurrency, pollingIntervalSeconds: 1 },
    async (jobs) => {
      for (const job of jobs) {
        const { executionId } = executeJobSchema.parse(job.data);
        await runExecution(options, executionId, job.signal);
      }
    },
  );
  return { stop: () => options.queue.boss.offWork(EXECUTE_QUEUE, { wait: true }) };
}

/**
 * Runs (or resumes) one execution. Steps already committed by an earlier attempt are handed to
 * the engine as finished, so a worker that died mid-flow costs only the step it was on.
 */
export async function runExecution(options: Pick<ExecutionWorkerOptions, 'database' | 'engine' | 'logger'>, executionId: string, signal?: AbortSignal) {
  const { database, engine } = options;
  if (!(await markRunning(database, executionId))) return;
  const execution = await getExecution(database, executionId);
  const document = await documentOfExecution(database, executionId);
  const cacheKey = execution.flowVersion === null ? undefined : `${execution.flowId}@${execution.flowVersion}`;
  const plan = engine.plan(document, cacheKey);
  const finishedSteps = await loadSteps(database, executionId);
  let seq = finishedSteps.length;
  const result = await engine.execute({
    plan,
    execution: { id: executionId, flowId: execution.flowId, flowVersion: execution.flowVersion },
    payload: execution.payload,
    ...(execution.triggerNode === null ? {} : { triggerNodeId: execution.triggerNode }),
    finishedSteps,
    checkpoint: (step) => saveStep(database, executionId, seq++, step),
    ...(signal === undefined ? {} : { signal }),
  });
  await finishExecution(database, executionId, result);
  options.logger.log('info', 'execution finished', { executionId, status: result.status });
}
