import type { DeliveryOutcome } from '@weft/engine';
import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import { type Database, inTransaction } from '../storage/database.ts';
import type { JobQueue } from '../storage/job-queue.ts';
import { announceOutcome } from './delivery-outcome.ts';
import { type DeliverJob, enqueueDeliveries } from './delivery-queue.ts';

/** Moves a delivery's next attempt to `until` without attempting or counting it (an open circuit). */
export async function postponeDelivery(database: Database, boss: PgBoss, job: DeliverJob, until: Date): Promise<void> {
  await inTransaction(database, async (client) => {
    const updated = await client.query(
      `UPDATE weft_deliveries SET job_seq = job_seq + 1, next_attempt_at = $3
        WHERE id = $1 AND job_seq = $2 AND status = 'pending'`,
      [job.deliveryId, job.jobSeq, until],
    );
    if (updated.rowCount === 1) await enqueueDeliveries(boss, client, [{ deliveryId: job.deliveryId, jobSeq: job.jobSeq + 1, startAfter: until }]);
  });
}

/**
 * Settles a delivery whose subscription (or a direct delivery's endpoint) is disabled as failed,
 * without an attempt. It is kept: once the endpoint is enabled again, redelivering it sends it.
 */
export async function failForDisabledSubscription(
  database: Database,
  queue: JobQueue,
  job: DeliverJob,
  disabled: { direct: boolean; reason: string | null },
): Promise<void> {
  const error = `the ${disabled.direct ? 'endpoint' : 'subscription'} is disabled${disabled.reason === null ? '' : `: ${disabled.reason}`}`;
  await inTransaction(database, async (client) => {
    const updated = await client.query(
      `UPDATE weft_deliveries SET status = 'failed', finished_at = now(), next_attempt_at = NULL, last_error = $3
        WHERE id = $1 AND job_seq = $2 AND status = 'pending' RETURNING attempt_count, last_status_code`,
      [job.deliveryId, job.jobSeq, error],
    );
    const row = z.object({ attempt_count: z.number(), last_status_code: z.number().nullable() }).optional().parse(updated.rows[0]);
    if (row === undefined) return;
    const outcome: DeliveryOutcome = { deliveryId: job.deliveryId, status: 'failed', attempts: row.attempt_count, lastStatusCode: row.last_status_code, lastError: error };
    await announceOutcome(client, queue, disabled.direct, outcome);
  });
}
