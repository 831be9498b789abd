import type pg from 'pg';
import { z } from 'zod';
import { type Database, inTransaction } from '../storage/database.ts';
import type { JobQueue } from '../storage/job-queue.ts';
import { announceOutcome } from './delivery-outcome.ts';
import type { DeliverJob } from './delivery-queue.ts';
import { enqueueDeliveries } from './delivery-queue.ts';

export interface AttemptRecord {
  job: DeliverJob;
  subscriptionId: string;
  attempt: number;
  startedAt: Date;
  finishedAt: Date;
  latencyMs: number;
  statusCode: number | null;
  responseBody: string | null;
  error: string | null;
  delivered: boolean;
  /** Set when the endpoint asked to be left alone (410 Gone). */
  disableReason: string | undefined;
  /** When the next attempt is due; undefined when the schedule is used up. */
  retryAt: (subscriptionStillEnabled: boolean) => Date | undefined;
}

export interface HealthRules {
  circuitThreshold: number;
  circuitCooldownSeconds: number;
  disableAfterSeconds: number;
}

/**
 * Records one attempt and what follows from it in one transaction: the attempt row, the
 * delivery's new state, the endpoint's health (failure streak, circuit, auto-disable), and the
 * next attempt's job, or, once the delivery settles, the signal its waiting step (if any) wakes on.
 * A crash before the commit leaves the job to run the attempt again.
 */
export async function recordAttempt(database: Database, queue: JobQueue, record: AttemptRecord, rules: HealthRules): Promise<void> {
  await inTransaction(database, async (client) => {
    // Locked so a concurrent delete or restart waits for this record; a deleted delivery keeps no log.
    const existing = await client.query('SELECT 1 FROM weft_deliveries WHERE id = $1 FOR UPDATE', [record.job.deliveryId]);
    if (existing.rowCount === 0) return;
    await client.query(
      `INSERT INTO weft_delivery_attempts (delivery_id, attempt, started_at, latency_ms, status_code, response_body, error, outcome)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        record.job.deliveryId,
        record.attempt,
        record.startedAt,
        Math.round(record.latencyMs),
        record.statusCode,
        record.responseBody,
        record.error,
        record.delivered ? 'delivered' : 'failed',
      ],
    );
    const enabled = record.delivered ? await markHealthy(client, record.subscriptionId) : await markFailing(client, record, rules);
    const retryAt = record.delivered ? undefined : record.retryAt(enabled);
    const status = record.delivered ? 'delivered' : retryAt === undefined ? 'failed' : 'pending';
    const updated = await client.query(
      `UPDATE weft_deliveries
          SET status = $3::text, attempt_count = attempt_count + 1, run_attempts = run_attempts + 1, last_attempt_at = $4::timestamptz,
              last_status_code = $5, last_error = $6, next_attempt_at = $7,
              finished_at = CASE WHEN $3::text = 'pending' THEN NULL ELSE $4::timestamptz END,
              job_seq = job_seq + CASE WHEN $3::text = 'pending' THEN 1 ELSE 0 END
        WHERE id = $1 AND job_seq = $2 AND status = 'pending'
        RETURNING attempt_count, direct_key IS NOT NULL AS direct`,
      [record.job.deliveryId, record.job.jobSeq, status, record.finishedAt, record.statusCode, record.error, retryAt ?? null],
    );
    // A delivery restarted while this attempt ran belongs to its new job: log the attempt, no more.
    const settled = z.object({ attempt_count: z.number(), direct: z.boolean() }).optional().parse(updated.rows[0]);
    if (settled === undefined) return;
    if (retryAt !== undefined) {
      await enqueueDeliveries(queue.boss, client, [{ deliveryId: record.job.deliveryId, jobSeq: record.job.jobSeq + 1, startAfter: retryAt }]);
      return;
    }
    await announceOutcome(client, queue, settled.direct, {
      deliveryId: record.job.deliveryId,
      status: record.delivered ? 'delivered' : 'failed',
      attempts: settled.attempt_count,
      lastStatusCode: record.statusCode,
      lastError: record.error,
    });
  });
}

async function markHealthy(client: pg.PoolClient, subscriptionId: string): Promise<boolean> {
  await client.query(
    // Only a change is written: a healthy endpoint's row is not rewritten (and locked) per delivery.
    `UPDATE weft_subscriptions SET consecutive_failures = 0, failing_since = NULL, circuit_open_until = NULL
      WHERE id = $1 AND (consecutive_failures <> 0 OR failing_since IS NOT NULL OR circuit_open_until IS NOT NULL)`,
    [subscriptionId],
  );
  return true;
}

/** Extends the failure streak; opens the circuit and disables the endpoint when the rules say so. */
async function markFailing(client: pg.PoolClient, record: AttemptRecord, rules: HealthRules): Promise<boolean> {
  const reopenAt = new Date(record.finishedAt.getTime() + rules.circuitCooldownSeconds * 1000);
  const result = await client.query(
    `UPDATE weft_subscriptions
        SET consecutive_failures = consecutive_failures + 1,
            failing_since = COALESCE(failing_since, $2),
            circuit_open_until = CASE WHEN consecutive_failures + 1 >= $3 THEN $4 ELSE circuit_open_until END
      WHERE id = $1
      RETURNING failing_since, COALESCE(disable_after_seconds, $5) AS disable_after_seconds, enabled`,
    [record.subscriptionId, record.startedAt, rules.circuitThreshold, reopenAt, rules.disableAfterSeconds],
  );
  const row = z
    .object({ failing_since: z.date(), disable_after_seconds: z.number(), enabled: z.boolean() })
    .optional()
    .parse(result.rows[0]);
  if (row === undefined || !row.enabled) return false;
  const failingFor = (record.finishedAt.getTime() - row.failing_since.getTime()) / 1000;
  const reason =
    record.disableReason ??
    (failingFor >= row.disable_after_seconds ? `every delivery failed since ${row.failing_since.toISOString()}` : undefined);
  if (reason === undefined) return true;
  await client.query(
    'UPDATE weft_subscriptions SET enabled = false, disabled_reason = $2, disabled_at = $3, updated_at = now() WHERE id = $1',
    [record.subscriptionId, reason, record.finishedAt],
  );
  return false;
}
