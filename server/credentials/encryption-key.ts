import { createHash } from 'node:crypto';
import { z } from 'zod';

/** An AES-256 key and the id stored beside everything it encrypts. */
export interface EncryptionKey {
  id: string;
  key: Buffer;
}

const KEY_BYTES = 32;

/** Decodes a base64 key of exactly 32 bytes, or says why it is not one. */
export function decodeEncryptionKey(text: string): Buffer | string {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return 'must be base64';
  const key = Buffer.from(trimmed, 'base64');
  return key.length === KEY_BYTES ? key : `must be the base64 of ${KEY_BYTES} bytes (it decodes to ${key.length})`;
}

export const encryptionKeySchema = z.string().superRefine((text, context) => {
  const decoded = decodeEncryptionKey(text);
  if (typeof decoded === 'string') context.addIssue({ code: 'custom', message: decoded });
});

/** Comma-separated keys, as WEFT_ENCRYPTION_KEY_PREVIOUS holds them. */
export const encryptionKeyListSchema = z.string().superRefine((text, context) => {
  splitKeys(text).forEach((item, index) => {
    const decoded = decodeEncryptionKey(item);
    if (typeof decoded === 'string') context.addIssue({ code: 'custom', message: `key ${index + 1} ${decoded}` });
  });
});

export function splitKeys(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * The id of a key: a short hash, so rows say which key sealed them without revealing anything
 * about it, and a key keeps its id wherever it is configured.
 */
export function toEncryptionKey(key: Buffer): EncryptionKey {
  return { id: createHash('sha256').update('weft-credential-key').update(key).digest('hex').slice(0, 16), key };
}
