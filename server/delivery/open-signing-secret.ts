import { type Json, WeftError } from '@weft/engine';
import { open, type Sealed } from '../credentials/cipher.ts';
import type { Keyring } from '../credentials/keyring.ts';

/**
 * Opens a signing secret sealed in a delivery table. A failure keeps the credential's error code,
 * so the operator's fix is the same, with a message that names `owner` ("subscription <id>").
 */
export function openSigningSecret(keyring: Keyring, sealed: Sealed, context: string, owner: string): Record<string, Json> {
  try {
    return open(keyring, sealed, context);
  } catch (error) {
    if (!(error instanceof WeftError)) throw error;
    const fix =
      error.code === 'encryption_key_missing' ? ` with key ${sealed.keyId}, which is not configured: add it to WEFT_ENCRYPTION_KEY_PREVIOUS` : ' and failed its integrity check';
    throw new WeftError(error.code, `the signing secret of ${owner} is encrypted${fix}`, { cause: error });
  }
}
