import { randomUUID } from 'node:crypto';
import type { Json } from '@weft/engine';
import type { PgBoss } from 'pg-boss';
import type pg from 'pg';
import { z } from 'zod';
import type { Keyring } from '../credentials/keyring.ts';
import { type Database, inTransaction } from '../storage/database.ts';
import { enqueueDeliveries } from './delivery-queue.ts';
import { DIRECT_SECRET_COLUMNS, directSecretColumnsSchema, openDirectSecret, sealDirectSecret } from './direct-delivery-secret.ts';

export interface DirectDeliveryInput {
  url: string;
  eventType: string;
  data: Json;
  headers: Record<string, string>;
  secret: string;
  /** null: the endpoint's, which is the server's default schedule and time-out. */
  retrySchedule: readonly number[] | null;
  timeoutMs: number | null;
  origin: { executionId: string; nodeId: string };
  idempotencyKey: string;
}

export interface DirectDeliveryRecord {
  id: string;
  retrySchedule: number[] | null;
  timeoutMs: number | null;
  /** True when the key had been used before: nothing new was created or queued. */
  duplicate: boolean;
}

const existingRow = z.object({ id: z.string(), retry_schedule: z.array(z.number()).nullable(), timeout_ms: z.number().nullable() });

/**
 * Creates a direct delivery: its message (an event row of source `direct`), the delivery with its
 * own settings and sealed secret, on the internal endpoint of its URL, and its first job, all in
 * one transaction. Creating the same key again returns the first delivery.
 */
export async function createDirectDelivery(database: Database, boss: PgBoss, keyring: Keyring, input: DirectDeliveryInput): Promise<DirectDeliveryRecord> {
  return inTransaction(database, async (client) => {
    // Two runs of the same step at once (a crashed worker's job taken again) take turns here.
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`weft-direct-delivery:${input.idempotencyKey}`]);
    const existing = await client.query('SELECT id::text, retry_schedule, timeout_ms FROM weft_deliveries WHERE direct_key = $1', [input.idempotencyKey]);
    if (existing.rows[0] !== undefined) {
      const row = existingRow.parse(existing.rows[0]);
      return { id: row.id, retrySchedule: row.retry_schedule, timeoutMs: row.timeout_ms, duplicate: true };
    }
    const endpointId = await directEndpointId(client, input.url);
    const eventId = randomUUID();
    await client.query(`INSERT INTO weft_events (id, type, data, source) VALUES ($1, $2, $3, 'direct')`, [eventId, input.eventType, JSON.stringify(input.data)]);
    const id = randomUUID();
    const sealed = sealDirectSecret(keyring, id, input.secret);
    await client.query(
      `INSERT INTO weft_deliveries (id, event_id, subscription_id, message_id, status, next_attempt_at, direct_key, headers, retry_schedule, timeout_ms,
                                    ${DIRECT_SECRET_COLUMNS}, origin_execution_id, origin_node_id)
       VALUES ($1, $2, $3, 'msg_' || replace(gen_random_uuid()::text, '-', ''), 'pending', now(), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        id,
        eventId,
        endpointId,
        input.idempotencyKey,
        JSON.stringify(input.headers),
        input.retrySchedule,
        input.timeoutMs,
        sealed.keyId,
        sealed.iv,
        sealed.authTag,
        sealed.ciphertext,
        // Executions outside the database (a CLI run) have ids that are no uuid; they show as none.
        z.uuid().safeParse(input.origin.executionId).success ? input.origin.executionId : null,
        input.origin.nodeId,
      ],
    );
    await enqueueDeliveries(boss, client, [{ deliveryId: id, jobSeq: 1 }]);
    return { id, retrySchedule: input.retrySchedule === null ? null : [...input.retrySchedule], timeoutMs: input.timeoutMs, duplicate: false };
  });
}

/** The internal endpoint row of a URL, created on first use; it carries the URL's health and circuit. */
async function directEndpointId(client: pg.PoolClient, url: string): Promise<string> {
  await client.query(
    `INSERT INTO weft_subscriptions (id, kind, url, event_types) VALUES ($1, 'direct', $2, '{}')
     ON CONFLICT (url) WHERE kind = 'direct' DO NOTHING`,
    [randomUUID(), url],
  );
  // A separate statement: it sees a row that a concurrent first use committed while the insert waited.
  const result = await client.query(`SELECT id::text FROM weft_subscriptions WHERE kind = 'direct' AND url = $1`, [url]);
  return z.object({ id: z.string() }).parse(result.rows[0]).id;
}

/**
 * Enables a direct delivery's endpoint again and clears its failure streak. Such an endpoint has no
 * subscription an operator could enable: asking to redeliver to it is the operator saying it is back.
 */
export async function reopenDirectEndpoint(client: pg.PoolClient, endpointId: string): Promise<void> {
  await client.query(
    `UPDATE weft_subscriptions
        SET enabled = true, disabled_reason = NULL, disabled_at = NULL, consecutive_failures = 0, failing_since = NULL,
            circuit_open_until = NULL, updated_at = now()
      WHERE id = $1 AND kind = 'direct' AND NOT enabled`,
    [endpointId],
  );
}

const BATCH = 100;
const sealedRow = directSecretColumnsSchema.extend({ id: z.string() });

/**
 * The direct deliveries' part of `weft credentials rotate-key`: re-seals, a batch per transaction,
 * every signing secret not sealed with the current key, so old keys can be retired.
 */
export async function rotateDirectDeliverySecretKeys(database: Database, keyring: Keyring): Promise<number> {
  let total = 0;
  for (;;) {
    const count = await inTransaction(database, async (client) => {
      const result = await client.query(
        `SELECT id::text, ${DIRECT_SECRET_COLUMNS} FROM weft_deliveries
          WHERE direct_key IS NOT NULL AND secret_key_id IS DISTINCT FROM $1 ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
        [keyring.current.id],
      );
      for (const row of result.rows) {
        const parsed = sealedRow.parse(row);
        const sealed = sealDirectSecret(keyring, parsed.id, openDirectSecret(keyring, parsed.id, parsed));
        await client.query(`UPDATE weft_deliveries SET (${DIRECT_SECRET_COLUMNS}) = ($2, $3, $4, $5) WHERE id = $1`, [
          parsed.id,
          sealed.keyId,
          sealed.iv,
          sealed.authTag,
          sealed.ciphertext,
        ]);
      }
      return result.rows.length;
    });
    total += count;
    if (count < BATCH) return total;
  }
}
