import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { open, seal } from './cipher.ts';
import { createKeyring, KEY_FILE, lazyKeyring, loadKeyring } from './keyring.ts';

async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'weft-keyring-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('cipher', () => {
  const keyring = createKeyring(randomBytes(32));

  it('round-trips values, with a fresh IV each time', () => {
    const values = { token: 'abc', nested: { n: 1 } };
    const first = seal(keyring, values, 'ctx');
    const second = seal(keyring, values, 'ctx');
    expect(first.iv).toHaveLength(12);
    expect(first.iv.equals(second.iv)).toBe(false);
    expect(first.ciphertext.toString('utf8')).not.toContain('abc');
    expect(open(keyring, first, 'ctx')).toEqual(values);
  });

  it.each([
    { name: 'another context (a row copied to another credential)', context: 'other', flip: false, keyId: undefined, code: 'credential_undecryptable' },
    { name: 'a flipped ciphertext bit', context: 'ctx', flip: true, keyId: undefined, code: 'credential_undecryptable' },
    { name: 'a key that is not configured', context: 'ctx', flip: false, keyId: 'feedfeedfeedfeed', code: 'encryption_key_missing' },
  ])('refuses $name', ({ context, flip, keyId, code }) => {
    const sealed = seal(keyring, { token: 'abc' }, 'ctx');
    const ciphertext = Buffer.from(sealed.ciphertext);
    if (flip) ciphertext[0] = (ciphertext[0] ?? 0) ^ 1;
    const tampered = { ...sealed, ciphertext, keyId: keyId ?? sealed.keyId };
    expect(() => open(keyring, tampered, context)).toThrow(expect.objectContaining({ code }));
  });

  it('opens rows sealed with a previous key', () => {
    const old = randomBytes(32);
    const sealed = seal(createKeyring(old), { token: 'abc' }, 'ctx');
    const rotated = createKeyring(randomBytes(32), [old]);
    expect(open(rotated, sealed, 'ctx')).toEqual({ token: 'abc' });
    expect(rotated.current.id).not.toBe(sealed.keyId);
  });
});

describe('keyring', () => {
  it('generates a key file once (mode 0600) and reads the same key afterwards', async () => {
    const dataDir = join(await tempDir(), 'data');
    const first = await loadKeyring({ encryptionKey: undefined, previousKeys: [], dataDir });
    const second = await loadKeyring({ encryptionKey: undefined, previousKeys: [], dataDir });
    expect(second.current.id).toBe(first.current.id);
    expect((await stat(join(dataDir, KEY_FILE))).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(join(dataDir, KEY_FILE), 'utf8')).trim(), 'base64').equals(first.current.key)).toBe(true);
  });

  it('uses WEFT_ENCRYPTION_KEY when set, and never writes a key file', async () => {
    const dataDir = await tempDir();
    const key = randomBytes(32);
    const keyring = await loadKeyring({ encryptionKey: key.toString('base64'), previousKeys: [], dataDir });
    expect(keyring.current.key.equals(key)).toBe(true);
    await expect(stat(join(dataDir, KEY_FILE))).rejects.toThrow();
  });

  it('creates no key file until a credential needs one', async () => {
    const dataDir = await tempDir();
    const keyring = lazyKeyring({ encryptionKey: undefined, previousKeys: [], dataDir });
    await expect(stat(join(dataDir, KEY_FILE))).rejects.toThrow();
    await keyring();
    await expect(stat(join(dataDir, KEY_FILE))).resolves.toBeDefined();
  });

  it('refuses a damaged key file', async () => {
    const dataDir = await tempDir();
    await writeFile(join(dataDir, KEY_FILE), 'dG9vIHNob3J0\n');
    await expect(loadKeyring({ encryptionKey: undefined, previousKeys: [], dataDir })).rejects.toMatchObject({ code: 'invalid_encryption_key' });
  });

  it.each([
    { name: 'not base64', env: { WEFT_ENCRYPTION_KEY: 'not a key!' }, message: 'WEFT_ENCRYPTION_KEY: must be base64' },
    { name: 'too short', env: { WEFT_ENCRYPTION_KEY: randomBytes(16).toString('base64') }, message: 'decodes to 16' },
    { name: 'a bad previous key', env: { WEFT_ENCRYPTION_KEY_PREVIOUS: `${randomBytes(32).toString('base64')},abc` }, message: 'key 2' },
  ])('refuses a configured key that is $name', ({ env, message }) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads previous keys from a comma-separated list', () => {
    const keys = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
    expect(loadConfig({ WEFT_ENCRYPTION_KEY_PREVIOUS: ` ${keys[0]} ,${keys[1]}` }).previousEncryptionKeys).toEqual(keys);
  });
});
