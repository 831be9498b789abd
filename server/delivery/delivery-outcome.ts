import { type DeliveryOutcome, toJson } from '@weft/engine';
import type pg from 'pg';
import type { JobQueue } from '../storage/job-queue.ts';
import { raiseSignal } from '../storage/signals.ts';

/** The signal a direct delivery raises when it settles; the `core.deliver` step that sent it waits for it. */
export const deliverySettledSignal = (deliveryId: string) => `delivery:${deliveryId}`;

/**
 * Tells the step waiting for a direct delivery how it settled, inside the transaction that records
 * the outcome, so the two commit together. Subscription deliveries have no one waiting: they raise
 * nothing (a signal row per delivery would be written for no reader).
 */
export async function announceOutcome(client: pg.PoolClient, queue: JobQueue, direct: boolean, outcome: DeliveryOutcome): Promise<void> {
  if (!direct) return;
  await raiseSignal(client, queue, deliverySettledSignal(outcome.deliveryId), toJson(outcome));
}
