import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from './database.ts';

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export function generateToken(): string {
  return `weft_${randomBytes(32).toString('base64url')}`;
}

export async function isKnownToken(database: Queryable, token: string): Promise<boolean> {
  const result = await database.query('SELECT 1 FROM weft_api_tokens WHERE token_hash = $1', [hashToken(token)]);
  return result.rowCount === 1;
}

export async function storeToken(database: Queryable, token: string, label: string): Promise<void> {
  await database.query('INSERT INTO weft_api_tokens (token_hash, label) VALUES ($1, $2) ON CONFLICT (token_hash) DO NOTHING', [
    hashToken(token),
    label,
  ]);
}

export async function countTokens(database: Queryable): Promise<number> {
  const result = await database.query<{ count: number }>('SELECT count(*)::int AS count FROM weft_api_tokens');
  return result.rows[0]?.count ?? 0;
}
