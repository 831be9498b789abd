import type { ExecutionResult } from '@weft/engine';
import type { Queryable } from './database.ts';

export const EXECUTION_FINISHED_CHANNEL = 'weft_execution_finished';

/**
 * Claims an execution for running. Returns false when it already finished (a redelivered job),
 * so the worker leaves it alone.
 */
export async function markRunning(database: Queryable, executionId: string, workerName: string): Promise<boolean> {
  const result = await database.query(
    `UPDATE weft_executions SET status = 'running', started_at = COALESCE(started_at, now()), claimed_by = $2,
            retry_state = NULL, resume_at = NULL
      WHERE id = $1 AND status IN ('queued', 'running', 'waiting')`,
    [executionId, workerName],
  );
  return result.rowCount === 1;
}

/** Parks an execution until its step's retry is due; the caller queues the job that resumes it. */
export async function markWaiting(database: Queryable, executionId: string, result: Pick<ExecutionResult, 'error' | 'retry'>) {
  await database.query(`UPDATE weft_executions SET status = 'waiting', error = $2, retry_state = $3, resume_at = $4 WHERE id = $1`, [
    executionId,
    result.error === null ? null : JSON.stringify(result.error),
    result.retry === null ? null : JSON.stringify(result.retry),
    result.retry?.resumeAt ?? null,
  ]);
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
