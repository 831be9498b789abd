import { type ChildFlowOutcome, type ExecutionResult, type FlowDocument, type Logger, type PendingWait, toJson } from '@weft/engine';
import type pg from 'pg';
import { type Database, inTransaction } from '../storage/database.ts';
import { earliestResume, type FinishedExecution, finishExecution, markWaiting } from '../storage/execution-lifecycle.ts';
import type { ExecutionRecord } from '../storage/executions-repo.ts';
import type { JobQueue } from '../storage/job-queue.ts';
import { queueErrorFlow } from '../storage/queue-error-flow.ts';
import { lockSignal, raiseSignal, signalPayload } from '../storage/signals.ts';
import { saveStepRows, type StepRow } from '../storage/step-rows.ts';

export interface SettleOptions {
  database: Database;
  queue: JobQueue;
  logger: Logger;
  /** Stores a finished execution that needs nothing else written with it (group-committed by the worker). */
  finish(finished: FinishedExecution): Promise<void>;
}

export interface SettledExecution extends Pick<ExecutionRecord, 'id' | 'flowVersion' | 'mode' | 'parent' | 'payload'> {
  document: FlowDocument;
}

/** The signal a child execution raises when it finishes; its parent's `core.subflow` step waits for it. */
export const childFinishedSignal = (executionId: string) => `execution:${executionId}`;

/**
 * Stores how a run of an execution ended, with its steps not yet committed: suspended in a step,
 * or finished (then its error flow and parent hear of it).
 */
export async function settleExecution(
  options: SettleOptions,
  execution: SettledExecution,
  result: ExecutionResult,
  unsaved: readonly StepRow[] = [],
): Promise<void> {
  if (result.status === 'waiting' && result.waits.length > 0) {
    const waits = result.waits;
    await inTransaction(options.database, async (client) => {
      await saveStepRows(client, unsaved);
      await suspend(client, options.queue, execution.id, waits, result);
    });
    options.logger.log('info', 'execution waiting', { executionId: execution.id, steps: waits.map((wait) => wait.nodeId) });
    return;
  }
  const status = result.status === 'succeeded' ? 'succeeded' : 'failed';
  const error = result.error;
  const outcome = { status, error, response: result.response } as const;
  const startsErrorFlow = status === 'failed' && error !== null && execution.mode !== 'error' && execution.document.settings.errorFlowId !== undefined;
  if (execution.parent === null && !startsErrorFlow) {
    // Nothing else to write: one statement is its own transaction, shared with other executions finishing now.
    await options.finish({ executionId: execution.id, outcome, steps: unsaved });
    options.logger.log('info', 'execution finished', { executionId: execution.id, status });
    return;
  }
  await inTransaction(options.database, async (client) => {
    await finishExecution(client, execution.id, outcome, unsaved);
    if (execution.parent !== null) await raiseSignal(client, options.queue, childFinishedSignal(execution.id), toJson(childOutcome(execution.id, result)));
    // An error flow's own failure starts no further error flow: that could loop forever.
    if (status !== 'failed' || error === null || execution.mode === 'error') return;
    const errorFlow = await queueErrorFlow(client, options.queue, { ...execution, error });
    if ('skipped' in errorFlow && execution.document.settings.errorFlowId !== undefined) {
      options.logger.log('warn', 'error flow not started', { executionId: execution.id, reason: errorFlow.skipped });
    }
  });
  options.logger.log('info', 'execution finished', { executionId: execution.id, status });
}

/**
 * Parks the execution. Time waits alone: a job is queued now, due at the earliest. A signal wait:
 * no job; the signal queues one (or the reaper, once the earliest time passed). Should a signal
 * it waits for have come already, it resumes at once.
 */
async function suspend(client: pg.PoolClient, queue: JobQueue, executionId: string, waits: readonly PendingWait[], result: ExecutionResult) {
  const signals = [...new Set(waits.flatMap((wait) => (wait.node?.signal === undefined ? [] : [wait.node.signal])))].sort();
  let raised = false;
  // Locked in one order, so two executions waiting for overlapping signals never deadlock.
  for (const signal of signals) {
    await lockSignal(client, signal);
    raised ||= (await signalPayload(client, signal)) !== undefined;
  }
  await markWaiting(client, executionId, waits, { error: result.error, status: raised ? 'queued' : 'waiting', signal: signals[0] ?? null });
  if (raised) await queue.enqueueExecution(client, executionId);
  else if (signals.length === 0) await queue.enqueueExecution(client, executionId, earliestResume(waits));
}

function childOutcome(executionId: string, result: ExecutionResult): ChildFlowOutcome {
  const last = result.steps.findLast((step) => step.status === 'succeeded');
  return {
    executionId,
    status: result.status === 'succeeded' ? 'succeeded' : 'failed',
    output: last?.output ?? null,
    error: result.error,
  };
}
