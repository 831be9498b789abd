import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Queryable } from '../storage/database.ts';
import { open, seal } from './cipher.ts';
import type { Keyring } from './keyring.ts';

/** How long a user has to approve at the provider before the request is forgotten. */
export const OAUTH2_REQUEST_TTL_SECONDS = 600;

export interface OAuth2Request {
  state: string;
  credentialId: string;
  redirectUri: string;
  codeVerifier: string;
}

const rowSchema = z.object({
  state: z.string(),
  credential_id: z.string(),
  redirect_uri: z.string(),
  key_id: z.string(),
  iv: z.instanceof(Buffer),
  auth_tag: z.instanceof(Buffer),
  ciphertext: z.instanceof(Buffer),
});
const verifierSchema = z.object({ codeVerifier: z.string() });

export async function insertOAuth2Request(
  database: Queryable,
  keyring: Keyring,
  input: { credentialId: string; redirectUri: string; codeVerifier: string },
): Promise<OAuth2Request> {
  const state = randomBytes(24).toString('base64url');
  const sealed = seal(keyring, { codeVerifier: input.codeVerifier }, `weft-oauth2:${state}`);
  // Expired requests are swept here rather than by a timer: they are few and only ever read by state.
  await database.query('DELETE FROM weft_oauth2_requests WHERE expires_at < now()');
  await database.query(
    `INSERT INTO weft_oauth2_requests (state, credential_id, redirect_uri, key_id, iv, auth_tag, ciphertext, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(secs => $8))`,
    [state, input.credentialId, input.redirectUri, sealed.keyId, sealed.iv, sealed.authTag, sealed.ciphertext, OAUTH2_REQUEST_TTL_SECONDS],
  );
  return { state, ...input };
}

/** Takes a pending request by its state: each state is good for one callback, within its time. */
export async function takeOAuth2Request(database: Queryable, keyring: Keyring, state: string): Promise<OAuth2Request | undefined> {
  const result = await database.query(
    'DELETE FROM weft_oauth2_requests WHERE state = $1 RETURNING state, credential_id, redirect_uri, key_id, iv, auth_tag, ciphertext, expires_at > now() AS live',
    [state],
  );
  const row = result.rows[0];
  if (row === undefined || z.object({ live: z.boolean() }).parse(row).live !== true) return undefined;
  const parsed = rowSchema.parse(row);
  const sealed = { keyId: parsed.key_id, iv: parsed.iv, authTag: parsed.auth_tag, ciphertext: parsed.ciphertext };
  const { codeVerifier } = verifierSchema.parse(open(keyring, sealed, `weft-oauth2:${state}`));
  return { state: parsed.state, credentialId: parsed.credential_id, redirectUri: parsed.redirect_uri, codeVerifier };
}
