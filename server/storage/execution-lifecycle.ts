import type { ExecutionResult } from '@weft/engine';
import type { Queryable } from './database.ts';

export const EXECUTION_FINISHED_CHANNEL = 'weft_execution_finished';

/**
 * Claims an execution for running. Returns false when it already finished (a redelivered job),
 * so the worker leaves it alone.
 */
export async function markRunning(database: Queryable, executionId: string): Promise<boolean> {
  const result = await database.query(
    `UPDATE weft_executions SET status = 'running', started_at = COALESCE(started_at, now())
      WHERE id = $1 AND status IN ('queued', 'running')`,
    [executionId],
  );
  return result.rowCount === 1;
}

/** Records the outcome and tells waiting webhook callers (in any process) in the same commit. */
export async function finishExecution(database: Queryable, executionId: string, result: Pick<ExecutionResult, 'status' | 'error' | 'response'>) {
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
