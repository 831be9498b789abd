import type { ExecutionFailure, ExecutionResult, PendingWait, StepRecord } from '@weft/engine';
import type { Queryable } from './database.ts';
import { insertStepsSql } from './step-rows.ts';

export const EXECUTION_FINISHED_CHANNEL = 'weft_execution_finished';

/**
 * The UPDATE that claims execution $1 for worker $2, unless it already finished (a redelivered
 * job). wait_state stays: should this run die before the step it waited in finishes, the next run
 * must still resume that step (a delay must not start over, a child flow must not start twice).
 */
export const CLAIM_EXECUTION_SQL = `UPDATE weft_executions SET status = 'running', started_at = COALESCE(started_at, now()), claimed_by = $2,
            resume_at = NULL, wait_signal = NULL
      WHERE id = $1 AND status IN ('queued', 'running', 'waiting')`;

/** Claims an execution for running. Returns false when it already finished, so the worker leaves it alone. */
export async function markRunning(database: Queryable, executionId: string, workerName: string): Promise<boolean> {
  const result = await database.query(CLAIM_EXECUTION_SQL, [executionId, workerName]);
  return result.rowCount === 1;
}

/** When the first of these waits is due; undefined when only signals wake them. */
export function earliestResume(waits: readonly PendingWait[]): Date | undefined {
  const times = waits.flatMap((wait) => (wait.resumeAt === null ? [] : [Date.parse(wait.resumeAt)]));
  return times.length === 0 ? undefined : new Date(Math.min(...times));
}

/**
 * Parks an execution in the steps it waits in. It resumes at the earliest of their times, or when
 * the signal one of them waits for is raised (the others are checked then, and it parks again if
 * any still waits). `status` is 'queued' when a signal came already; the caller queues the job.
 */
export async function markWaiting(
  database: Queryable,
  executionId: string,
  waits: readonly PendingWait[],
  options: { error: ExecutionFailure | null; status: 'waiting' | 'queued'; signal: string | null },
) {
  await database.query(
    `UPDATE weft_executions SET status = $2, error = $3, wait_state = $4, resume_at = $5, wait_signal = $6 WHERE id = $1`,
    [
      executionId,
      options.status,
      options.error === null ? null : JSON.stringify(options.error),
      JSON.stringify(waits),
      earliestResume(waits) ?? null,
      options.status === 'waiting' ? options.signal : null,
    ],
  );
}

/**
 * Records the outcome, with the steps not yet checkpointed, and tells waiting webhook callers (in
 * any process) in the same commit: one statement.
 */
export async function finishExecution(
  database: Queryable,
  executionId: string,
  result: Pick<ExecutionResult, 'error' | 'response'> & { status: 'succeeded' | 'failed' },
  unsaved: { firstSeq: number; steps: readonly StepRecord[] } = { firstSeq: 0, steps: [] },
) {
  const steps = unsaved.steps.length === 0 ? undefined : insertStepsSql(executionId, unsaved.firstSeq, unsaved.steps, 6);
  await database.query(
    `WITH ${steps === undefined ? '' : `saved AS (${steps.sql}),`}
     finished AS (
       UPDATE weft_executions SET status = $2, error = $3, response = $4, finished_at = now()
        WHERE id = $1 RETURNING id
     )
     SELECT pg_notify($5, id::text) FROM finished`,
    [
      executionId,
      result.status,
      result.error === null ? null : JSON.stringify(result.error),
      result.response === null ? null : JSON.stringify(result.response),
      EXECUTION_FINISHED_CHANNEL,
      ...(steps?.values ?? []),
    ],
  );
}
