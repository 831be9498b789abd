import { z } from 'zod';
import type { Queryable } from './database.ts';
import { EXECUTE_QUEUE, hasLiveJob } from './job-queue.ts';

const orphanSchema = z.object({ id: z.string(), job_failed: z.boolean() });

/**
 * Unfinished executions with no live pg-boss job behind them: their worker vanished and the job
 * is gone, or the job ran out of retries. `jobFailed` tells the two apart. A running execution
 * without a job whose worker was seen within `aliveWithinSeconds` is that worker's local run.
 */
export async function findOrphanedExecutions(database: Queryable, options: { olderThanSeconds: number; aliveWithinSeconds: number; limit: number }) {
  const result = await database.query(
    `SELECT e.id::text AS id,
            EXISTS (SELECT 1 FROM weft_queue.job j
                     WHERE j.name = $1 AND j.data->>'executionId' = e.id::text AND j.state = 'failed') AS job_failed
       FROM weft_executions e
      WHERE e.status IN ('queued', 'running', 'waiting')
        -- Waiting for a signal has no job by design: the signal, or the reaper's time-out sweep, queues one.
        AND NOT (e.status = 'waiting' AND e.wait_signal IS NOT NULL)
        AND e.created_at < now() - $2 * interval '1 second'
        -- A live worker's local run has no job; a job that gave up still fails the execution.
        AND NOT (e.status = 'running'
                 AND EXISTS (SELECT 1 FROM weft_workers w WHERE w.name = e.claimed_by AND w.seen_at >= now() - $4 * interval '1 second')
                 AND NOT EXISTS (SELECT 1 FROM weft_queue.job j WHERE j.name = $1 AND j.data->>'executionId' = e.id::text AND j.state = 'failed'))
        AND NOT ${hasLiveJob('$1')}
      LIMIT $3`,
    [EXECUTE_QUEUE, options.olderThanSeconds, options.limit, options.aliveWithinSeconds],
  );
  return result.rows.map((row) => {
    const parsed = orphanSchema.parse(row);
    return { id: parsed.id, jobFailed: parsed.job_failed };
  });
}

/** Deletes finished executions (and their steps) older than the retention period, a batch at a time. */
export async function pruneExecutions(database: Queryable, retentionDays: number, batchSize: number): Promise<number> {
  const result = await database.query(
    `DELETE FROM weft_executions WHERE id IN (
       SELECT id FROM weft_executions
        WHERE status IN ('succeeded', 'failed') AND finished_at < now() - $1 * interval '1 day'
        LIMIT $2)`,
    [retentionDays, batchSize],
  );
  return result.rowCount ?? 0;
}
