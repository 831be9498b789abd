import type { PgBoss } from 'pg-boss';
import type pg from 'pg';
import { z } from 'zod';

export const DELIVER_QUEUE = 'weft-deliver';

/** One attempt (or circuit check) of one delivery; `jobSeq` makes a superseded job a no-op. */
export const deliverJobSchema = z.object({ deliveryId: z.uuid(), jobSeq: z.int().min(1) });
export type DeliverJob = z.infer<typeof deliverJobSchema>;

/** Creates the delivery queue; publishers and workers both need it to exist. */
export async function createDeliveryQueue(boss: PgBoss): Promise<void> {
  await boss.createQueue(DELIVER_QUEUE, {
    notify: true,
    // An attempt lasts at most a minute; a worker that died mid-attempt loses its claim after
    // this and the job runs again (at-least-once: receivers deduplicate on webhook-id).
    expireInSeconds: 180,
    // These retries cover Weft's own failures (the database away); the webhook's retry schedule
    // is separate jobs with startAfter.
    retryLimit: 50,
    retryDelay: 2,
    retryBackoff: true,
    retryDelayMax: 300,
  });
}

/** Queues attempts inside the caller's transaction: each job exists exactly when its rows do. */
export async function enqueueDeliveries(
  boss: PgBoss,
  client: pg.PoolClient,
  jobs: readonly (DeliverJob & { startAfter?: Date })[],
): Promise<void> {
  if (jobs.length === 0) return;
  await boss.insert(
    DELIVER_QUEUE,
    jobs.map(({ startAfter, ...data }) => ({ data, ...(startAfter === undefined ? {} : { startAfter }) })),
    { db: { executeSql: (text, values) => client.query(text, values) } },
  );
}
