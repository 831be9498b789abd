import { z } from 'zod';
import type { Keyring } from '../credentials/keyring.ts';
import { type Database, inTransaction, type Queryable } from '../storage/database.ts';
import { openSecrets, SECRET_COLUMNS, type SubscriptionSecrets, sealSecrets, secretColumnsSchema } from './subscription-secrets.ts';

const BATCH = 100;
const idRow = secretColumnsSchema.extend({ id: z.string() });

/** Seals `secrets` under the current key and clears any plain copy. */
export async function storeSecrets(client: Queryable, keyring: Keyring, id: string, secrets: SubscriptionSecrets): Promise<void> {
  const sealed = sealSecrets(keyring, id, secrets);
  await client.query(
    `UPDATE weft_subscriptions
        SET secrets_key_id = $2, secrets_iv = $3, secrets_auth_tag = $4, secrets_ciphertext = $5, secret = NULL, previous_secret = NULL
      WHERE id = $1`,
    [id, sealed.keyId, sealed.iv, sealed.authTag, sealed.ciphertext],
  );
}

/**
 * Re-seals, a batch per transaction, the rows `where` picks. SKIP LOCKED lets two processes doing
 * this at once share the work instead of queueing on each other; the caller's condition must stop
 * matching a row once it is sealed, so every loop ends.
 */
async function resealWhere(database: Database, keyring: Keyring, where: string, values: unknown[]): Promise<number> {
  let total = 0;
  for (;;) {
    const count = await inTransaction(database, async (client) => {
      const result = await client.query(
        `SELECT id::text, ${SECRET_COLUMNS} FROM weft_subscriptions WHERE ${where} ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
        values,
      );
      for (const row of result.rows) {
        const parsed = idRow.parse(row);
        await storeSecrets(client, keyring, parsed.id, openSecrets(keyring, parsed.id, parsed));
      }
      return result.rows.length;
    });
    total += count;
    if (count < BATCH) return total;
  }
}

/**
 * Encrypts the secrets still stored in plain text (rows from before migration 0005, or written by an
 * older Weft), then clears them. Run at start-up; idempotent. The keyring is only loaded when a
 * plain row exists, so a Weft without subscriptions creates no key file.
 */
export async function encryptPlainSubscriptionSecrets(database: Database, keyring: () => Promise<Keyring>): Promise<number> {
  const plain = await database.query('SELECT 1 FROM weft_subscriptions WHERE secret IS NOT NULL LIMIT 1');
  if (plain.rows.length === 0) return 0;
  return resealWhere(database, await keyring(), 'secret IS NOT NULL', []);
}

/**
 * The subscriptions' part of `weft credentials rotate-key`: re-encrypts every signing secret not
 * sealed with the current key (and any still plain). Safe while Weft serves traffic.
 */
export async function rotateSubscriptionSecretKeys(database: Database, keyring: Keyring): Promise<number> {
  // Direct deliveries' endpoint rows hold no secret; their deliveries' secrets are re-sealed apart.
  return resealWhere(database, keyring, `kind = 'subscription' AND (secret IS NOT NULL OR secrets_key_id IS DISTINCT FROM $1)`, [keyring.current.id]);
}
