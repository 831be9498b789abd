import type { ExecutionFailure, ExecutionResult, PendingWait } from '@weft/engine';
import type { Queryable } from './database.ts';

export const EXECUTION_FINISHED_CHANNEL = 'weft_execution_finished';

/**
 * Claims an execution for running. Returns false when it already finished (a redelivered job),
 * so the worker leaves it alone.
 */
export async function markRunning(database: Queryable, executionId: string, workerName: string): Promise<boolean> {
  const result = await database.query(
    // wait_state stays: should this run die before the step it waited in finishes, the next run
    // must still resume that step (a delay must not start over, a child flow must not start twice).
    `UPDATE weft_executions SET status = 'running', started_at = COALESCE(started_at, now()), claimed_by = $2,
            resume_at = NULL, wait_signal = NULL
      WHERE id = $1 AND status IN ('queued', 'running', 'waiting')`,
    [executionId, workerName],
  );
  return result.rowCount === 1;
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
  const times = waits.flatMap((wait) => (wait.resumeAt === null ? [] : [Date.parse(wait.resumeAt)]));
  await database.query(
    `UPDATE weft_executions SET status = $2, error = $3, wait_state = $4, resume_at = $5, wait_signal = $6 WHERE id = $1`,
    [
      executionId,
      options.status,
      options.error === null ? null : JSON.stringify(options.error),
      JSON.stringify(waits),
      times.length === 0 ? null : new Date(Math.min(...times)),
      options.status === 'waiting' ? options.signal : null,
    ],
  );
}

/** Records the outcome and tells waiting webhook callers (in any process) in the same commit. */
export async function finishExecution(
  database: Queryable,
  executionId: string,
  result: Pick<ExecutionResult, 'error' | 'response'> & { status: 'succeeded' | 'failed' },
) {
  await database.query(
    `WITH finished AS (
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
    ],
  );
}
