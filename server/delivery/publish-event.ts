import { randomUUID } from 'node:crypto';
import { type Json, jsonSchema, NotFoundError } from '@weft/engine';
import type { PgBoss } from 'pg-boss';
import type pg from 'pg';
import { z } from 'zod';
import { type Database, inTransaction, type Queryable } from '../storage/database.ts';
import { enqueueDeliveries } from './delivery-queue.ts';
import { patternMatchSql } from './event-types.ts';

export interface EventToPublish {
  type: string;
  data: Json;
  idempotencyKey?: string;
  source: 'api' | 'flow';
}

export interface PublishedEventRecord {
  id: string;
  type: string;
  data: Json;
  idempotencyKey: string | null;
  createdAt: Date;
  /** subscriptionId is null for a direct delivery (`core.deliver`), whose event goes to no subscription. */
  deliveries: { id: string; subscriptionId: string | null }[];
  /** True when the idempotency key had been published before: nothing new was created. */
  duplicate: boolean;
}

/**
 * Publishes an event: the event row, one delivery per matching enabled subscription and each
 * delivery's first job commit together. A repeated idempotency key returns the first event.
 */
export async function publishEvent(database: Database, boss: PgBoss, event: EventToPublish): Promise<PublishedEventRecord> {
  return inTransaction(database, async (client) => {
    const id = randomUUID();
    const inserted = await client.query(
      `INSERT INTO weft_events (id, type, data, idempotency_key, source) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING created_at`,
      [id, event.type, JSON.stringify(event.data), event.idempotencyKey ?? null, event.source],
    );
    if (inserted.rowCount === 0 && event.idempotencyKey !== undefined) {
      // ON CONFLICT waited for a concurrent publisher of the same key to commit, so the row is there.
      return { ...(await findEventByKey(client, event.idempotencyKey)), duplicate: true };
    }
    const deliveries = await createDeliveries(client, id, event.type);
    await enqueueDeliveries(boss, client, deliveries.map((delivery) => ({ deliveryId: delivery.id, jobSeq: 1 })));
    const createdAt = z.object({ created_at: z.date() }).parse(inserted.rows[0]).created_at;
    return { id, type: event.type, data: event.data, idempotencyKey: event.idempotencyKey ?? null, createdAt, deliveries, duplicate: false };
  });
}

async function createDeliveries(client: pg.PoolClient, eventId: string, type: string) {
  const result = await client.query(
    `INSERT INTO weft_deliveries (id, event_id, subscription_id, message_id, status, next_attempt_at)
     SELECT gen_random_uuid(), $1, id, 'msg_' || replace(gen_random_uuid()::text, '-', ''), 'pending', now()
       FROM weft_subscriptions WHERE kind = 'subscription' AND enabled AND ${patternMatchSql('$2')}
     RETURNING id::text, subscription_id::text`,
    [eventId, type],
  );
  return z.array(z.object({ id: z.string(), subscription_id: z.string() })).parse(result.rows).map((row) => ({ id: row.id, subscriptionId: row.subscription_id }));
}

const eventRowSchema = z.object({
  id: z.string(),
  type: z.string(),
  data: jsonSchema,
  idempotency_key: z.string().nullable(),
  created_at: z.date(),
  deliveries: z.array(z.object({ id: z.string(), subscriptionId: z.string().nullable() })),
});

// A direct delivery's internal endpoint is no subscription: its event lists it with none.
const EVENT_SELECT = `SELECT e.id::text, e.type, e.data, e.idempotency_key, e.created_at,
  COALESCE((SELECT json_agg(json_build_object('id', d.id, 'subscriptionId', CASE WHEN d.direct_key IS NULL THEN d.subscription_id END)
                            ORDER BY d.created_at, d.id)
              FROM weft_deliveries d WHERE d.event_id = e.id), '[]') AS deliveries
  FROM weft_events e`;

function toEvent(row: unknown): Omit<PublishedEventRecord, 'duplicate'> {
  const r = eventRowSchema.parse(row);
  return { id: r.id, type: r.type, data: r.data, idempotencyKey: r.idempotency_key, createdAt: r.created_at, deliveries: r.deliveries };
}

async function findEventByKey(database: Queryable, key: string) {
  const result = await database.query(`${EVENT_SELECT} WHERE e.idempotency_key = $1`, [key]);
  return toEvent(result.rows[0]);
}

export async function getEvent(database: Queryable, id: string): Promise<Omit<PublishedEventRecord, 'duplicate'>> {
  const result = z.uuid().safeParse(id).success ? await database.query(`${EVENT_SELECT} WHERE e.id = $1`, [id]) : { rows: [] };
  if (result.rows[0] === undefined) throw new NotFoundError('event_not_found', `no event ${id}`);
  return toEvent(result.rows[0]);
}
