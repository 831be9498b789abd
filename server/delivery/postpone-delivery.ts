import type { PgBoss } from 'pg-boss';
import { type Database, inTransaction } from '../storage/database.ts';
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
 * Settles a delivery whose subscription is disabled as failed, without an attempt. It is kept:
 * once the endpoint is enabled again, redelivering what failed sends it.
 */
export async function failForDisabledSubscription(database: Database, job: DeliverJob, reason: string | null): Promise<void> {
  await database.query(
    `UPDATE weft_deliveries SET status = 'failed', finished_at = now(), next_attempt_at = NULL, last_error = $3
      WHERE id = $1 AND job_seq = $2 AND status = 'pending'`,
    [job.deliveryId, job.jobSeq, `the subscription is disabled${reason === null ? '' : `: ${reason}`}`],
  );
}
