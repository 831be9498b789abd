import { WeftError } from '@weft/engine';
import { z } from 'zod';
import { type Sealed, seal } from '../credentials/cipher.ts';
import type { Keyring } from '../credentials/keyring.ts';
import { openSigningSecret } from './open-signing-secret.ts';

/** The secrets of one subscription: the current one, and the one it replaced during a rotation window. */
export interface SubscriptionSecrets {
  secret: string;
  previousSecret: string | null;
}

/** The secret columns of a weft_subscriptions row, as selected by SECRET_COLUMNS. */
export const secretColumnsSchema = z.object({
  secret: z.string().nullable(),
  previous_secret: z.string().nullable(),
  secrets_key_id: z.string().nullable(),
  secrets_iv: z.instanceof(Buffer).nullable(),
  secrets_auth_tag: z.instanceof(Buffer).nullable(),
  secrets_ciphertext: z.instanceof(Buffer).nullable(),
});

export type SecretColumns = z.infer<typeof secretColumnsSchema>;

export const SECRET_COLUMNS = 'secret, previous_secret, secrets_key_id, secrets_iv, secrets_auth_tag, secrets_ciphertext';

const secretsSchema = z.object({ secret: z.string(), previousSecret: z.string().nullable() });

/** Bound as additional data: sealed secrets copied onto another subscription fail to open. */
function sealContext(subscriptionId: string): string {
  return `weft-subscription-secrets:${subscriptionId}`;
}

export function sealSecrets(keyring: Keyring, subscriptionId: string, secrets: SubscriptionSecrets): Sealed {
  return seal(keyring, { secret: secrets.secret, previousSecret: secrets.previousSecret }, sealContext(subscriptionId));
}

/**
 * The secrets a row holds. A plain `secret` wins while present: it is either a row from before
 * encryption not yet sealed, or one an older Weft wrote after the row was sealed.
 */
export function openSecrets(keyring: Keyring, subscriptionId: string, columns: SecretColumns): SubscriptionSecrets {
  if (columns.secret !== null) return { secret: columns.secret, previousSecret: columns.previous_secret };
  const { secrets_key_id: keyId, secrets_iv: iv, secrets_auth_tag: authTag, secrets_ciphertext: ciphertext } = columns;
  if (keyId === null || iv === null || authTag === null || ciphertext === null) {
    throw new WeftError('subscription_secret_missing', `subscription ${subscriptionId} has no signing secret`);
  }
  return secretsSchema.parse(openSigningSecret(keyring, { keyId, iv, authTag, ciphertext }, sealContext(subscriptionId), `subscription ${subscriptionId}`));
}
