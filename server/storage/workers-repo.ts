import { z } from 'zod';
import { type Database, inTransaction, type Queryable } from './database.ts';
import { EXECUTE_QUEUE, hasLiveJob, type JobQueue } from './job-queue.ts';

// Held for one pass so that, of many processes, one requeues a silent worker's runs at a time.
const REQUEUE_LOCK = 'weft-silent-workers';
const BATCH = 500;
const silentSchema = z.object({ silent: z.boolean() });
const idSchema = z.object({ id: z.string() });

/**
 * Records that worker `name` is alive now, and tells whether any other worker has been silent
 * for `silentSeconds` (then its runs may need queueing again: requeueAbandonedRuns).
 */
export async function markAlive(database: Queryable, name: string, silentSeconds: number): Promise<boolean> {
  const result = await database.query(
    `WITH alive AS (INSERT INTO weft_workers (name, seen_at) VALUES ($1, now()) ON CONFLICT (name) DO UPDATE SET seen_at = now())
     SELECT EXISTS (SELECT 1 FROM weft_workers WHERE name <> $1 AND seen_at < now() - $2 * interval '1 second') AS silent`,
    [name, silentSeconds],
  );
  return silentSchema.parse(result.rows[0]).silent;
}

/** A worker that stops cleanly has handed on everything it ran: it is forgotten at once. */
export async function forgetWorker(database: Queryable, name: string): Promise<void> {
  await database.query('DELETE FROM weft_workers WHERE name = $1', [name]);
}

/**
 * Queues a job for each execution left running, with no job, by a worker that fell silent for
 * `silentSeconds` or by one of `earlierLives` (this process's own name, from before a restart
 * that reused it). Silent workers with nothing left are forgotten. Returns how many were queued.
 */
export async function requeueAbandonedRuns(database: Database, queue: JobQueue, options: { silentSeconds: number; earlierLives: string[] }): Promise<number> {
  return inTransaction(database, async (client) => {
    const locked = await client.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [REQUEUE_LOCK]);
    if (locked.rows[0]?.locked !== true) return 0;
    const silent = `ARRAY(SELECT name FROM weft_workers WHERE seen_at < now() - $1 * interval '1 second') || $2::text[]`;
    const abandoned = await client.query(
      `SELECT e.id::text AS id FROM weft_executions e
        WHERE e.status = 'running' AND e.claimed_by = ANY(${silent}) AND NOT ${hasLiveJob('$3')}
        LIMIT $4`,
      [options.silentSeconds, options.earlierLives, EXECUTE_QUEUE, BATCH],
    );
    const ids = abandoned.rows.map((row) => idSchema.parse(row).id);
    if (ids.length > 0) await queue.enqueueExecutions(client, ids.map((executionId) => ({ data: { executionId } })));
    // With more than a batch left, the silent workers are kept for the next pass.
    if (ids.length < BATCH) await client.query(`DELETE FROM weft_workers WHERE seen_at < now() - $1 * interval '1 second'`, [options.silentSeconds]);
    return ids.length;
  });
}
