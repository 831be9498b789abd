import { jsonSchema, type Json } from '@weft/engine';
import type pg from 'pg';
import { z } from 'zod';
import type { Queryable } from './database.ts';
import type { JobQueue } from './job-queue.ts';

/**
 * Serialises raising a signal with starting to wait for it. Without it, a signal raised while the
 * waiter's transaction is still open could miss the waiter, and the waiter miss the signal.
 */
export async function lockSignal(client: Queryable, key: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [`weft-signal:${key}`]);
}

/**
 * Raises a signal inside the caller's transaction: records it (the first payload wins) and queues
 * every execution waiting for it. Returns how many executions it woke.
 */
export async function raiseSignal(client: pg.PoolClient, queue: JobQueue, key: string, payload: Json): Promise<number> {
  await lockSignal(client, key);
  await client.query('INSERT INTO weft_signals (key, payload) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, JSON.stringify(payload)]);
  const woken = await client.query<{ id: string }>(
    `UPDATE weft_executions SET status = 'queued', wait_signal = NULL, resume_at = NULL
      WHERE status = 'waiting' AND wait_signal = $1 RETURNING id::text`,
    [key],
  );
  return queueWoken(client, queue, woken.rows);
}

/** Queues the executions a signal or a deadline woke, in one statement (and one NOTIFY). */
async function queueWoken(client: pg.PoolClient, queue: JobQueue, rows: readonly { id: string }[]): Promise<number> {
  if (rows.length > 0) await queue.enqueueExecutions(client, rows.map((row) => ({ data: { executionId: row.id } })));
  return rows.length;
}

/** What a raised signal carried, or undefined when it has not been raised. */
export async function signalPayload(database: Queryable, key: string): Promise<Json | undefined> {
  const result = await database.query('SELECT payload FROM weft_signals WHERE key = $1', [key]);
  const row = z.object({ payload: jsonSchema }).optional().parse(result.rows[0]);
  return row?.payload;
}

/**
 * Wakes executions whose signal did not come in time (their `resume_at` passed): the waiting node
 * runs again without the signal and decides (a child flow that took too long fails its step).
 */
export async function wakeOverdueSignalWaits(client: pg.PoolClient, queue: JobQueue, limit: number): Promise<number> {
  const woken = await client.query<{ id: string }>(
    `UPDATE weft_executions SET status = 'queued', wait_signal = NULL, resume_at = NULL
      WHERE id IN (SELECT id FROM weft_executions
                    WHERE status = 'waiting' AND wait_signal IS NOT NULL AND resume_at <= now()
                    LIMIT $1 FOR UPDATE SKIP LOCKED)
      RETURNING id::text`,
    [limit],
  );
  return queueWoken(client, queue, woken.rows);
}

/** Deletes signals older than the retention period; their waiters finished long ago. */
export async function pruneSignals(database: Queryable, retentionDays: number, limit: number): Promise<number> {
  const result = await database.query(
    `DELETE FROM weft_signals WHERE key IN (SELECT key FROM weft_signals WHERE raised_at < now() - $1 * interval '1 day' LIMIT $2)`,
    [retentionDays, limit],
  );
  return result.rowCount ?? 0;
}
