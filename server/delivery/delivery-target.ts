import { jsonSchema } from '@weft/engine';
import { z } from 'zod';
import type { Queryable } from '../storage/database.ts';
import type { DeliverJob } from './delivery-queue.ts';
import { directSecretColumnsSchema } from './direct-delivery-secret.ts';
import { secretColumnsSchema } from './subscription-secrets.ts';

const targetRowSchema = z.object({
  id: z.string(),
  message_id: z.string(),
  attempt_count: z.number(),
  run_attempts: z.number(),
  subscription_id: z.string(),
  /** direct: a `core.deliver` delivery, whose own headers, schedule, time-out and secret apply. */
  kind: z.enum(['subscription', 'direct']),
  url: z.string(),
  enabled: z.boolean(),
  disabled_reason: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
  previous_secret_expires_at: z.date().nullable(),
  retry_schedule: z.array(z.number()).nullable(),
  timeout_ms: z.number().nullable(),
  disable_after_seconds: z.number().nullable(),
  event_type: z.string(),
  event_data: jsonSchema,
  event_created_at: z.date(),
})
  // Still sealed: the worker opens them with the keyring just before signing.
  .extend(secretColumnsSchema.shape)
  .extend(directSecretColumnsSchema.shape);

export type DeliveryTarget = z.infer<typeof targetRowSchema>;

/**
 * What one job needs to attempt its delivery, or undefined when there is nothing to do: the
 * delivery was deleted, already settled, or restarted since this job was queued.
 */
export async function loadDeliveryTarget(database: Queryable, job: DeliverJob): Promise<DeliveryTarget | undefined> {
  const result = await database.query(
    `SELECT d.id::text, d.message_id, d.attempt_count, d.run_attempts, s.id::text AS subscription_id, s.kind, s.url, s.enabled, s.disabled_reason,
            COALESCE(d.headers, s.headers) AS headers, s.previous_secret_expires_at, COALESCE(d.retry_schedule, s.retry_schedule) AS retry_schedule,
            COALESCE(d.timeout_ms, s.timeout_ms) AS timeout_ms, s.disable_after_seconds,
            e.type AS event_type, e.data AS event_data, e.created_at AS event_created_at,
            s.secret, s.previous_secret, s.secrets_key_id, s.secrets_iv, s.secrets_auth_tag, s.secrets_ciphertext,
            d.secret_key_id, d.secret_iv, d.secret_auth_tag, d.secret_ciphertext
       FROM weft_deliveries d
       JOIN weft_subscriptions s ON s.id = d.subscription_id
       JOIN weft_events e ON e.id = d.event_id
      WHERE d.id = $1 AND d.job_seq = $2 AND d.status = 'pending'`,
    [job.deliveryId, job.jobSeq],
  );
  return result.rows[0] === undefined ? undefined : targetRowSchema.parse(result.rows[0]);
}

export type CircuitGate = { kind: 'attempt'; probe: boolean } | { kind: 'wait'; until: Date };

/**
 * The circuit breaker. Closed: attempt. Open: wait until it half-opens. Half-open: the first job
 * to arrive claims the probe by pushing the reopening time out one cooldown; jobs arriving
 * meanwhile wait. The probe's outcome closes the circuit or leaves it open.
 */
export async function passCircuit(
  database: Queryable,
  options: { subscriptionId: string; now: Date; threshold: number; cooldownSeconds: number },
): Promise<CircuitGate> {
  const reopenAt = new Date(options.now.getTime() + options.cooldownSeconds * 1000);
  const result = await database.query(
    `WITH probe AS (
       UPDATE weft_subscriptions SET circuit_open_until = $4
        WHERE id = $1 AND consecutive_failures >= $3 AND (circuit_open_until IS NULL OR circuit_open_until <= $2)
        RETURNING id
     )
     SELECT consecutive_failures, circuit_open_until, EXISTS (SELECT 1 FROM probe) AS probing FROM weft_subscriptions WHERE id = $1`,
    [options.subscriptionId, options.now, options.threshold, reopenAt],
  );
  const row = z
    .object({ consecutive_failures: z.number(), circuit_open_until: z.date().nullable(), probing: z.boolean() })
    .optional()
    .parse(result.rows[0]);
  if (row === undefined || row.probing) return { kind: 'attempt', probe: row?.probing ?? false };
  if (row.consecutive_failures >= options.threshold && row.circuit_open_until !== null && row.circuit_open_until > options.now) {
    return { kind: 'wait', until: row.circuit_open_until };
  }
  return { kind: 'attempt', probe: false };
}
