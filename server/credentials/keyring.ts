import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WeftError } from '@weft/engine';
import { decodeEncryptionKey, type EncryptionKey, toEncryptionKey } from './encryption-key.ts';

/** The key new rows are sealed with, and every key old rows may still be sealed with. */
export interface Keyring {
  current: EncryptionKey;
  find(id: string): EncryptionKey | undefined;
}

export interface KeyringOptions {
  /** Base64 of 32 bytes (WEFT_ENCRYPTION_KEY); absent means the key file in `dataDir`. */
  encryptionKey: string | undefined;
  previousKeys: readonly string[];
  dataDir: string;
}

export const KEY_FILE = 'encryption.key';

export function createKeyring(current: Buffer, previous: readonly Buffer[] = []): Keyring {
  const keys = [current, ...previous].map(toEncryptionKey);
  const byId = new Map(keys.map((key) => [key.id, key]));
  const first = keys[0];
  if (first === undefined) throw new Error('a keyring needs a current key');
  return { current: first, find: (id) => byId.get(id) };
}

export async function loadKeyring(options: KeyringOptions): Promise<Keyring> {
  const current = options.encryptionKey === undefined ? await keyFromFile(options.dataDir) : decoded(options.encryptionKey, 'WEFT_ENCRYPTION_KEY');
  return createKeyring(
    current,
    options.previousKeys.map((key, index) => decoded(key, `WEFT_ENCRYPTION_KEY_PREVIOUS key ${index + 1}`)),
  );
}

/**
 * Loads the keyring when first needed and keeps it: a Weft that never touches a credential never
 * creates a key file (tests and API-only processes against an external database among them).
 */
export function lazyKeyring(options: KeyringOptions): () => Promise<Keyring> {
  let loading: Promise<Keyring> | undefined;
  return () => {
    loading ??= loadKeyring(options).catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}

// With no key configured, one is generated once and kept beside the data, readable by its owner only.
async function keyFromFile(dataDir: string): Promise<Buffer> {
  const path = join(dataDir, KEY_FILE);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const generated = randomBytes(32);
  try {
    await writeFile(path, `${generated.toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    return generated;
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
  }
  return decoded(await readFile(path, 'utf8'), path);
}

function decoded(text: string, source: string): Buffer {
  const key = decodeEncryptionKey(text);
  if (typeof key === 'string') throw new WeftError('invalid_encryption_key', `${source} ${key}`);
  return key;
}
