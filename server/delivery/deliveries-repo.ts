import { NotFoundError, ValidationError } from '@weft/engine';
import { z } from 'zod';
import type { Queryable } from '../storage/database.ts';

export const deliveryStatuses = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

const attemptSchema = z.object({
  attempt: z.number(),
  startedAt: z.string(),
  latencyMs: z.number(),
  statusCode: z.number().nullable(),
  responseBody: z.string().nullable(),
  error: z.string().nullable(),
  outcome: z.enum(['delivered', 'failed']),
});

const deliveryRowSchema = z.object({
  id: z.string(),
  event_id: z.string(),
  event_type: z.string(),
  subscription_id: z.string(),
  kind: z.enum(['subscription', 'direct']),
  url: z.string(),
  origin_execution_id: z.string().nullable(),
  origin_node_id: z.string().nullable(),
  message_id: z.string(),
  status: z.enum(deliveryStatuses),
  attempt_count: z.number(),
  next_attempt_at: z.date().nullable(),
  last_status_code: z.number().nullable(),
  last_error: z.string().nullable(),
  created_at: z.date(),
  finished_at: z.date().nullable(),
  cursor_at: z.string(),
  attempts: z.array(attemptSchema),
});

export type DeliveryRecord = ReturnType<typeof toDelivery>;

function toDelivery(row: unknown) {
  const r = deliveryRowSchema.parse(row);
  return {
    id: r.id,
    eventId: r.event_id,
    eventType: r.event_type,
    /** For a direct delivery, the id of its internal endpoint row: not a subscription anyone can see. */
    subscriptionId: r.subscription_id,
    /** Sent by a `core.deliver` step, which chose its URL, rather than for a subscription. */
    direct: r.kind === 'direct' ? { url: r.url, executionId: r.origin_execution_id, nodeId: r.origin_node_id } : null,
    messageId: r.message_id,
    status: r.status,
    attemptCount: r.attempt_count,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    attempts: r.attempts,
    cursor: Buffer.from(`${r.cursor_at}|${r.id}`).toString('base64url'),
  };
}

const DELIVERY_SELECT = `SELECT d.id::text, d.event_id::text, e.type AS event_type, d.subscription_id::text, s.kind, s.url,
    d.origin_execution_id::text, d.origin_node_id, d.message_id, d.status,
    d.attempt_count, d.next_attempt_at, d.last_status_code, d.last_error, d.created_at, d.finished_at, d.created_at::text AS cursor_at,
    COALESCE((SELECT json_agg(json_build_object('attempt', a.attempt, 'startedAt', a.started_at, 'latencyMs', a.latency_ms,
                'statusCode', a.status_code, 'responseBody', a.response_body, 'error', a.error, 'outcome', a.outcome) ORDER BY a.id)
                FROM weft_delivery_attempts a WHERE a.delivery_id = d.id), '[]') AS attempts
  FROM weft_deliveries d JOIN weft_events e ON e.id = d.event_id JOIN weft_subscriptions s ON s.id = d.subscription_id`;

export interface DeliveryQuery {
  subscriptionId: string;
  status?: DeliveryStatus;
  limit: number;
  cursor?: string;
}

/** A subscription's deliveries, newest first, each with every attempt. */
export async function listDeliveries(database: Queryable, query: DeliveryQuery): Promise<{ items: DeliveryRecord[]; nextCursor: string | null }> {
  const values: unknown[] = [query.subscriptionId];
  const conditions = ['d.subscription_id = $1'];
  if (query.status !== undefined) {
    values.push(query.status);
    conditions.push(`d.status = $${values.length}`);
  }
  if (query.cursor !== undefined) {
    const { at, id } = decodeCursor(query.cursor);
    values.push(at, id);
    conditions.push(`(d.created_at, d.id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
  }
  values.push(query.limit + 1);
  const result = await database.query(
    `${DELIVERY_SELECT} WHERE ${conditions.join(' AND ')} ORDER BY d.created_at DESC, d.id DESC LIMIT $${values.length}`,
    values,
  );
  const items = result.rows.slice(0, query.limit).map(toDelivery);
  return { items, nextCursor: result.rows.length > query.limit ? (items.at(-1)?.cursor ?? null) : null };
}

export async function getDelivery(database: Queryable, id: string): Promise<DeliveryRecord> {
  const result = z.uuid().safeParse(id).success ? await database.query(`${DELIVERY_SELECT} WHERE d.id = $1`, [id]) : { rows: [] };
  if (result.rows[0] === undefined) throw new NotFoundError('delivery_not_found', `no delivery ${id}`);
  return toDelivery(result.rows[0]);
}

function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (at === undefined || id === undefined || !z.uuid().safeParse(id).success || Number.isNaN(Date.parse(at))) {
    throw new ValidationError('invalid_cursor', 'the cursor is not one this API returned');
  }
  return { at, id };
}

export interface DeliveryStats {
  pending: number;
  delivered: number;
  failed: number;
  attempts: number;
}

export async function deliveryStats(database: Queryable, subscriptionId: string): Promise<DeliveryStats> {
  const result = await database.query(
    `SELECT count(*) FILTER (WHERE status = 'pending') AS pending, count(*) FILTER (WHERE status = 'delivered') AS delivered,
            count(*) FILTER (WHERE status = 'failed') AS failed, COALESCE(sum(attempt_count), 0)::bigint AS attempts
       FROM weft_deliveries WHERE subscription_id = $1`,
    [subscriptionId],
  );
  return z.object({ pending: z.number(), delivered: z.number(), failed: z.number(), attempts: z.number() }).parse(result.rows[0]);
}

/**
 * Starts deliveries over: pending again with a fresh retry schedule and a new job number, so any
 * job still queued for the old run does nothing. The webhook-id stays, as Standard Webhooks asks.
 */
export async function restartDeliveries(
  database: Queryable,
  where: { deliveryId: string } | { subscriptionId: string; failedSince: Date },
): Promise<{ deliveryId: string; jobSeq: number }[]> {
  const [condition, values] =
    'deliveryId' in where
      ? ['id = $1', [where.deliveryId]]
      : [`subscription_id = $1 AND status = 'failed' AND finished_at >= $2`, [where.subscriptionId, where.failedSince]];
  const result = await database.query(
    `UPDATE weft_deliveries
        SET status = 'pending', run_attempts = 0, job_seq = job_seq + 1, next_attempt_at = now(), finished_at = NULL
      WHERE ${condition} RETURNING id::text, job_seq`,
    values,
  );
  return z.array(z.object({ id: z.string(), job_seq: z.number() })).parse(result.rows).map((row) => ({ deliveryId: row.id, jobSeq: row.job_seq }));
}
