import { randomUUID } from 'node:crypto';
import { NotFoundError } from '@weft/engine';
import { z } from 'zod';
import type { Keyring } from '../credentials/keyring.ts';
import { type Database, inTransaction, type Queryable } from '../storage/database.ts';
import { storeSecrets } from './subscription-secrets-repo.ts';
import { openSecrets, SECRET_COLUMNS, type SubscriptionSecrets, sealSecrets, secretColumnsSchema } from './subscription-secrets.ts';

export interface SubscriptionSettings {
  url: string;
  eventTypes: string[];
  description: string;
  enabled: boolean;
  headers: Record<string, string>;
  /** Seconds before each retry; null uses the server default. */
  retrySchedule: number[] | null;
  timeoutMs: number | null;
  disableAfterSeconds: number | null;
}

const rowSchema = z.object({
  id: z.string(),
  url: z.string(),
  event_types: z.array(z.string()),
  description: z.string(),
  enabled: z.boolean(),
  headers: z.record(z.string(), z.string()),
  previous_secret_expires_at: z.date().nullable(),
  retry_schedule: z.array(z.number()).nullable(),
  timeout_ms: z.number().nullable(),
  disable_after_seconds: z.number().nullable(),
  disabled_reason: z.string().nullable(),
  disabled_at: z.date().nullable(),
  consecutive_failures: z.number(),
  failing_since: z.date().nullable(),
  circuit_open_until: z.date().nullable(),
  created_at: z.date(),
  updated_at: z.date(),
});

export type SubscriptionRecord = ReturnType<typeof toSubscription>;

function toSubscription(row: unknown) {
  const r = rowSchema.parse(row);
  return {
    id: r.id,
    url: r.url,
    eventTypes: r.event_types,
    description: r.description,
    enabled: r.enabled,
    headers: r.headers,
    previousSecretExpiresAt: r.previous_secret_expires_at,
    retrySchedule: r.retry_schedule,
    timeoutMs: r.timeout_ms,
    disableAfterSeconds: r.disable_after_seconds,
    disabledReason: r.disabled_reason,
    disabledAt: r.disabled_at,
    consecutiveFailures: r.consecutive_failures,
    failingSince: r.failing_since,
    circuitOpenUntil: r.circuit_open_until,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

// Never the secrets: only the delivery worker and a rotation read those (see subscription-secrets.ts).
// Every query here skips the internal endpoint rows of direct deliveries (kind 'direct'): they are
// no subscription anyone made, and have no settings or secret to show or change.
const COLUMNS = `id::text, url, event_types, description, enabled, headers, previous_secret_expires_at,
  retry_schedule, timeout_ms, disable_after_seconds, disabled_reason, disabled_at, consecutive_failures, failing_since,
  circuit_open_until, created_at, updated_at`;

/** Stores a new subscription with its secret sealed under the keyring's current key. */
export async function insertSubscription(database: Queryable, keyring: Keyring, settings: SubscriptionSettings, secret: string): Promise<SubscriptionRecord> {
  const id = randomUUID();
  const sealed = sealSecrets(keyring, id, { secret, previousSecret: null });
  const result = await database.query(
    `INSERT INTO weft_subscriptions (id, url, event_types, description, enabled, headers, retry_schedule, timeout_ms, disable_after_seconds,
                                     secrets_key_id, secrets_iv, secrets_auth_tag, secrets_ciphertext)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ${COLUMNS}`,
    [id, ...settingValues(settings), sealed.keyId, sealed.iv, sealed.authTag, sealed.ciphertext],
  );
  return toSubscription(result.rows[0]);
}

function settingValues(settings: SubscriptionSettings): unknown[] {
  return [
    settings.url,
    settings.eventTypes,
    settings.description,
    settings.enabled,
    JSON.stringify(settings.headers),
    settings.retrySchedule,
    settings.timeoutMs,
    settings.disableAfterSeconds,
  ];
}

/**
 * Replaces a subscription's settings. Enabling it again clears the reason it was disabled and its
 * failure streak: the operator says the endpoint is back.
 */
export async function updateSubscription(database: Queryable, id: string, settings: SubscriptionSettings): Promise<SubscriptionRecord> {
  const result = await database.query(
    `UPDATE weft_subscriptions
        SET url = $2, event_types = $3, description = $4, headers = $6, retry_schedule = $7, timeout_ms = $8,
            disable_after_seconds = $9, updated_at = now(),
            disabled_reason = CASE WHEN $5::boolean AND NOT enabled THEN NULL ELSE disabled_reason END,
            disabled_at = CASE WHEN $5::boolean AND NOT enabled THEN NULL ELSE disabled_at END,
            consecutive_failures = CASE WHEN $5::boolean AND NOT enabled THEN 0 ELSE consecutive_failures END,
            failing_since = CASE WHEN $5::boolean AND NOT enabled THEN NULL ELSE failing_since END,
            circuit_open_until = CASE WHEN $5::boolean AND NOT enabled THEN NULL ELSE circuit_open_until END,
            enabled = $5
      WHERE id = $1 AND kind = 'subscription' RETURNING ${COLUMNS}`,
    [id, ...settingValues(settings)],
  );
  return found(result.rows[0], id);
}

export async function getSubscription(database: Queryable, id: string): Promise<SubscriptionRecord> {
  if (!z.uuid().safeParse(id).success) throw notFound(id);
  const result = await database.query(`SELECT ${COLUMNS} FROM weft_subscriptions WHERE id = $1 AND kind = 'subscription'`, [id]);
  return found(result.rows[0], id);
}

export async function listSubscriptions(database: Queryable): Promise<SubscriptionRecord[]> {
  const result = await database.query(`SELECT ${COLUMNS} FROM weft_subscriptions WHERE kind = 'subscription' ORDER BY created_at, id`);
  return result.rows.map(toSubscription);
}

export async function deleteSubscription(database: Queryable, id: string): Promise<void> {
  if (!z.uuid().safeParse(id).success) throw notFound(id);
  const result = await database.query(`DELETE FROM weft_subscriptions WHERE id = $1 AND kind = 'subscription'`, [id]);
  if (result.rowCount !== 1) throw notFound(id);
}

/**
 * Puts a new secret in place; the old one keeps signing until `previousExpiresAt`. The row is
 * locked while its sealed secrets are opened and sealed again, so two rotations cannot interleave.
 */
export async function rotateSecret(
  database: Database,
  keyring: Keyring,
  rotation: { id: string; secret: string; previousExpiresAt: Date },
): Promise<SubscriptionRecord> {
  const { id } = rotation;
  if (!z.uuid().safeParse(id).success) throw notFound(id);
  return inTransaction(database, async (client) => {
    const locked = await client.query(`SELECT ${SECRET_COLUMNS} FROM weft_subscriptions WHERE id = $1 AND kind = 'subscription' FOR UPDATE`, [id]);
    if (locked.rows[0] === undefined) throw notFound(id);
    const current = openSecrets(keyring, id, secretColumnsSchema.parse(locked.rows[0]));
    await storeSecrets(client, keyring, id, { secret: rotation.secret, previousSecret: current.secret });
    const result = await client.query(
      `UPDATE weft_subscriptions SET previous_secret_expires_at = $2, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, rotation.previousExpiresAt],
    );
    return found(result.rows[0], id);
  });
}

function found(row: unknown, id: string): SubscriptionRecord {
  if (row === undefined) throw notFound(id);
  return toSubscription(row);
}

function notFound(id: string): NotFoundError {
  return new NotFoundError('subscription_not_found', `no subscription ${id}`);
}

/** The secrets that sign a delivery now: the current one, and the previous one inside its window. */
export function signingSecrets(secrets: SubscriptionSecrets, previousSecretExpiresAt: Date | null, now: Date): string[] {
  const { secret, previousSecret } = secrets;
  const previousValid = previousSecret !== null && previousSecretExpiresAt !== null && previousSecretExpiresAt > now;
  return previousValid ? [secret, previousSecret] : [secret];
}
