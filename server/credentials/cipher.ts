import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type Json, WeftError } from '@weft/engine';
import { z } from 'zod';
import type { Keyring } from './keyring.ts';

/** One sealed value as stored: which key, the random IV, GCM's tag and the ciphertext. */
export interface Sealed {
  keyId: string;
  iv: Buffer;
  authTag: Buffer;
  ciphertext: Buffer;
}

const IV_BYTES = 12;
const valuesSchema = z.record(z.string(), z.json());

/**
 * AES-256-GCM under the keyring's current key. `context` (the credential's id and type) is bound
 * as additional data, so a sealed row copied onto another credential fails to open.
 */
export function seal(keyring: Keyring, values: Record<string, Json>, context: string): Sealed {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyring.current.key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
  return { keyId: keyring.current.id, iv, authTag: cipher.getAuthTag(), ciphertext };
}

export function open(keyring: Keyring, sealed: Sealed, context: string): Record<string, Json> {
  const key = keyring.find(sealed.keyId);
  if (key === undefined) {
    throw new WeftError(
      'encryption_key_missing',
      `a credential is encrypted with key ${sealed.keyId}, which is not configured: add it to WEFT_ENCRYPTION_KEY_PREVIOUS`,
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, sealed.iv);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(sealed.authTag);
    const plain = Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
    return valuesSchema.parse(JSON.parse(plain));
  } catch (error) {
    throw new WeftError('credential_undecryptable', 'a stored credential failed its integrity check and cannot be read', { cause: error });
  }
}
