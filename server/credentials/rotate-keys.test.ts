import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../storage/database.ts';
import { migrate } from '../storage/migrator.ts';
import { createTestDatabase } from '../testing/test-database.ts';
import { getCredential, insertCredential, listCredentials, rotateCredentialKeys } from './credentials-repo.ts';
import { createKeyring } from './keyring.ts';
import { rotateKeyCommand } from './rotate-key-command.ts';

let database: Database;
let databaseUrl: string;
let drop: () => Promise<void>;
beforeAll(async () => {
  const created = await createTestDatabase();
  drop = created.drop;
  databaseUrl = created.url;
  database = createDatabase(created.url, 4);
  await migrate(database);
});
afterAll(async () => {
  await database?.end();
  await drop?.();
});

describe('rotateCredentialKeys', () => {
  it('re-encrypts every row under the current key, after which the old key is no longer needed', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const before = createKeyring(oldKey);
    const ids: string[] = [];
    for (const token of ['one-token', 'two-token']) {
      ids.push((await insertCredential(database, before, { type: 'core.bearer', name: token, values: { token } })).id);
    }
    const during = createKeyring(newKey, [oldKey]);
    const onlyNew = createKeyring(newKey);
    await expect(getCredential(database, onlyNew, ids[0] ?? '')).rejects.toMatchObject({ code: 'encryption_key_missing' });
    const listed = await listCredentials(database, onlyNew);
    expect(listed.map((credential) => [credential.values, credential.problem?.code])).toEqual([
      [{}, 'encryption_key_missing'],
      [{}, 'encryption_key_missing'],
    ]);

    expect(await rotateCredentialKeys(database, during)).toBe(2);
    expect(await rotateCredentialKeys(database, during)).toBe(0);

    const after = await Promise.all(ids.map((id) => getCredential(database, onlyNew, id)));
    expect(after.map((credential) => [credential.keyId, credential.values])).toEqual([
      [onlyNew.current.id, { token: 'one-token' }],
      [onlyNew.current.id, { token: 'two-token' }],
    ]);
  });

  it('stores nothing readable: no plain secret in any column', async () => {
    const keyring = createKeyring(randomBytes(32));
    const credential = await insertCredential(database, keyring, { type: 'core.bearer', name: 'plain?', values: { token: 'findable-plain-token' } });
    const row = await database.query('SELECT row_to_json(c)::text AS text FROM weft_credentials c WHERE id = $1', [credential.id]);
    expect(String(row.rows[0]?.text)).not.toContain('findable-plain-token');
  });

  it.each([
    { name: 'with the old key configured', previous: true, code: 0, line: /^re-encrypted 1 credential and the secrets of 0 subscriptions under key [0-9a-f]{16}$/ },
    { name: 'without the old key', previous: false, code: 1, line: /^encryption_key_missing: .*WEFT_ENCRYPTION_KEY_PREVIOUS/ },
  ])('runs as `weft credentials rotate-key` $name', async ({ previous, code, line }) => {
    await database.query('DELETE FROM weft_credentials');
    const oldKey = randomBytes(32);
    await insertCredential(database, createKeyring(oldKey), { type: 'core.bearer', name: 'cli', values: { token: 'cli-token' } });
    const lines: string[] = [];
    const environment = {
      DATABASE_URL: databaseUrl,
      WEFT_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ...(previous ? { WEFT_ENCRYPTION_KEY_PREVIOUS: oldKey.toString('base64') } : {}),
    };
    const exitCode = await rotateKeyCommand(environment, { stdout: (text) => lines.push(text), stderr: (text) => lines.push(text) });
    expect(exitCode).toBe(code);
    expect(lines).toEqual([expect.stringMatching(line)]);
  });
});
