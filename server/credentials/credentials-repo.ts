import { randomBytes } from 'node:crypto';
import { type Json, NotFoundError, WeftError } from '@weft/engine';
import { z } from 'zod';
import { type Database, inTransaction, type Queryable } from '../storage/database.ts';
import { open, type Sealed, seal } from './cipher.ts';
import type { Keyring } from './keyring.ts';
import { type RateLimit, rateLimitOfRow } from './rate-limit-setting.ts';

/** A credential with its values decrypted: never sent to a client as it is. */
export interface CredentialRecord {
  id: string;
  type: string;
  name: string;
  values: Record<string, Json>;
  keyId: string;
  /** Outgoing calls made with it wait their turn under this limit; null: unlimited. */
  rateLimit: RateLimit | null;
  createdAt: Date;
  updatedAt: Date;
  /** Set (with empty values) by listings when the row cannot be decrypted, e.g. its key was dropped before a rotation. */
  problem?: { code: string; message: string };
}

const rowSchema = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string(),
  key_id: z.string(),
  iv: z.instanceof(Buffer),
  auth_tag: z.instanceof(Buffer),
  ciphertext: z.instanceof(Buffer),
  created_at: z.date(),
  updated_at: z.date(),
});

const COLUMNS = 'id, type, name, key_id, iv, auth_tag, ciphertext, rate_limit_requests, rate_limit_per_seconds, created_at, updated_at';

/** What the ciphertext is bound to: moving it to another credential (or type) breaks it. */
export function sealContext(id: string, type: string): string {
  return `weft-credential:${id}:${type}`;
}

function toRecord(keyring: Keyring, row: unknown): CredentialRecord {
  const parsed = rowSchema.parse(row);
  const sealed: Sealed = { keyId: parsed.key_id, iv: parsed.iv, authTag: parsed.auth_tag, ciphertext: parsed.ciphertext };
  return {
    id: parsed.id,
    type: parsed.type,
    name: parsed.name,
    values: open(keyring, sealed, sealContext(parsed.id, parsed.type)),
    keyId: parsed.key_id,
    rateLimit: rateLimitOfRow(row),
    createdAt: parsed.created_at,
    updatedAt: parsed.updated_at,
  };
}

export async function insertCredential(
  database: Queryable,
  keyring: Keyring,
  input: { type: string; name: string; values: Record<string, Json>; rateLimit?: RateLimit | null },
): Promise<CredentialRecord> {
  const id = `cred_${randomBytes(9).toString('base64url')}`;
  const sealed = seal(keyring, input.values, sealContext(id, input.type));
  const result = await database.query(
    `INSERT INTO weft_credentials (id, type, name, key_id, iv, auth_tag, ciphertext, rate_limit_requests, rate_limit_per_seconds)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
    [id, input.type, input.name, sealed.keyId, sealed.iv, sealed.authTag, sealed.ciphertext, input.rateLimit?.requests ?? null, input.rateLimit?.perSeconds ?? null],
  );
  return toRecord(keyring, result.rows[0]);
}

/** Every credential; one that cannot be decrypted is listed with its problem rather than hiding the others. */
export async function listCredentials(database: Queryable, keyring: Keyring): Promise<CredentialRecord[]> {
  const result = await database.query(`SELECT ${COLUMNS} FROM weft_credentials ORDER BY created_at, id`);
  return result.rows.map((row) => {
    try {
      return toRecord(keyring, row);
    } catch (error) {
      if (!(error instanceof WeftError)) throw error;
      const parsed = rowSchema.parse(row);
      const { id, type, name, key_id: keyId, created_at: createdAt, updated_at: updatedAt } = parsed;
      const rateLimit = rateLimitOfRow(row);
      return { id, type, name, values: {}, keyId, rateLimit, createdAt, updatedAt, problem: { code: error.code, message: error.message } };
    }
  });
}

export async function findCredential(database: Queryable, keyring: Keyring, id: string, lock = false): Promise<CredentialRecord | undefined> {
  const result = await database.query(`SELECT ${COLUMNS} FROM weft_credentials WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return result.rows[0] === undefined ? undefined : toRecord(keyring, result.rows[0]);
}

export async function getCredential(database: Queryable, keyring: Keyring, id: string, lock = false): Promise<CredentialRecord> {
  const found = await findCredential(database, keyring, id, lock);
  if (found === undefined) throw new NotFoundError('credential_not_found', `no credential "${id}"`);
  return found;
}

/** Replaces the name, values (sealed afresh under the current key) and rate limit. */
export async function updateCredential(
  database: Queryable,
  keyring: Keyring,
  credential: Pick<CredentialRecord, 'id' | 'type' | 'name' | 'values' | 'rateLimit'>,
): Promise<CredentialRecord> {
  const sealed = seal(keyring, credential.values, sealContext(credential.id, credential.type));
  const { rateLimit } = credential;
  const result = await database.query(
    `UPDATE weft_credentials SET name = $2, key_id = $3, iv = $4, auth_tag = $5, ciphertext = $6,
       rate_limit_requests = $7, rate_limit_per_seconds = $8, updated_at = now()
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [credential.id, credential.name, sealed.keyId, sealed.iv, sealed.authTag, sealed.ciphertext, rateLimit?.requests ?? null, rateLimit?.perSeconds ?? null],
  );
  if (result.rows[0] === undefined) throw new NotFoundError('credential_not_found', `no credential "${credential.id}"`);
  return toRecord(keyring, result.rows[0]);
}

export async function deleteCredential(database: Queryable, id: string): Promise<void> {
  const result = await database.query('DELETE FROM weft_credentials WHERE id = $1', [id]);
  if (result.rowCount === 0) throw new NotFoundError('credential_not_found', `no credential "${id}"`);
}

/**
 * Re-encrypts every credential not sealed with the current key, one row at a time under a row
 * lock, so it can run while Weft serves traffic. Returns how many rows it re-encrypted. Once it
 * has run, the previous keys can be dropped from WEFT_ENCRYPTION_KEY_PREVIOUS.
 */
export async function rotateCredentialKeys(database: Database, keyring: Keyring): Promise<number> {
  const stale = await database.query<{ id: string }>('SELECT id FROM weft_credentials WHERE key_id <> $1 ORDER BY id', [keyring.current.id]);
  let rotated = 0;
  for (const { id } of stale.rows) {
    const changed = await inTransaction(database, async (client) => {
      const credential = await findCredential(client, keyring, id, true);
      if (credential === undefined || credential.keyId === keyring.current.id) return false;
      const sealed = seal(keyring, credential.values, sealContext(credential.id, credential.type));
      await client.query('UPDATE weft_credentials SET key_id = $2, iv = $3, auth_tag = $4, ciphertext = $5 WHERE id = $1', [
        id,
        sealed.keyId,
        sealed.iv,
        sealed.authTag,
        sealed.ciphertext,
      ]);
      return true;
    });
    if (changed) rotated += 1;
  }
  return rotated;
}
