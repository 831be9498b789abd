import { WeftError } from '@weft/engine';
import { z } from 'zod';
import { type Sealed, seal } from '../credentials/cipher.ts';
import type { Keyring } from '../credentials/keyring.ts';
import { openSigningSecret } from './open-signing-secret.ts';

/** The sealed signing secret of a direct delivery, as a weft_deliveries row holds it. */
export const directSecretColumnsSchema = z.object({
  secret_key_id: z.string().nullable(),
  secret_iv: z.instanceof(Buffer).nullable(),
  secret_auth_tag: z.instanceof(Buffer).nullable(),
  secret_ciphertext: z.instanceof(Buffer).nullable(),
});

export type DirectSecretColumns = z.infer<typeof directSecretColumnsSchema>;

export const DIRECT_SECRET_COLUMNS = 'secret_key_id, secret_iv, secret_auth_tag, secret_ciphertext';

const valuesSchema = z.object({ secret: z.string() });

/** Bound as additional data: a sealed secret copied onto another delivery fails to open. */
function sealContext(deliveryId: string): string {
  return `weft-direct-delivery-secret:${deliveryId}`;
}

export function sealDirectSecret(keyring: Keyring, deliveryId: string, secret: string): Sealed {
  return seal(keyring, { secret }, sealContext(deliveryId));
}

export function openDirectSecret(keyring: Keyring, deliveryId: string, columns: DirectSecretColumns): string {
  const { secret_key_id: keyId, secret_iv: iv, secret_auth_tag: authTag, secret_ciphertext: ciphertext } = columns;
  if (keyId === null || iv === null || authTag === null || ciphertext === null) {
    throw new WeftError('delivery_secret_missing', `delivery ${deliveryId} has no signing secret`);
  }
  return valuesSchema.parse(openSigningSecret(keyring, { keyId, iv, authTag, ciphertext }, sealContext(deliveryId), `delivery ${deliveryId}`)).secret;
}
