import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/test-database.ts';
import { countTokens, isKnownToken } from './api-tokens-repo.ts';
import { createDatabase, type Database } from './database.ts';
import { ensureApiToken } from './ensure-api-token.ts';
import { migrate, migrationsDir } from './migrator.ts';
import { readdirSync } from 'node:fs';

let drop: () => Promise<void>;
let first: Database;
let second: Database;

beforeAll(async () => {
  const database = await createTestDatabase();
  drop = database.drop;
  first = createDatabase(database.url, 2);
  second = createDatabase(database.url, 2);
});
afterAll(async () => {
  await first?.end();
  await second?.end();
  await drop?.();
});

describe('migrations', () => {
  it('apply each migration exactly once when two processes start together', async () => {
    const [a, b] = await Promise.all([migrate(first), migrate(second)]);
    const all = readdirSync(migrationsDir).filter((name) => name.endsWith('.sql')).sort();
    expect([...a, ...b].sort()).toEqual(all);
    const applied = await first.query('SELECT name FROM weft_migrations ORDER BY name');
    expect(applied.rows.map((row) => row.name)).toEqual(all);
    expect(await migrate(first)).toEqual([]);
  });
});

describe('the API token', () => {
  it('is generated once on the first start, kept only as a hash, and not generated again', async () => {
    const generated = await ensureApiToken(first, undefined);
    expect(generated).toMatch(/^weft_[A-Za-z0-9_-]{40,}$/);
    expect(await isKnownToken(first, generated ?? '')).toBe(true);
    const stored = await first.query('SELECT token_hash FROM weft_api_tokens');
    expect(JSON.stringify(stored.rows)).not.toContain(generated);
    expect(await ensureApiToken(first, undefined)).toBeUndefined();
    expect(await countTokens(first)).toBe(1);
  });

  it('accepts a token set in the environment alongside', async () => {
    expect(await ensureApiToken(first, 'configured-token-0123456789')).toBeUndefined();
    expect(await isKnownToken(first, 'configured-token-0123456789')).toBe(true);
    expect(await isKnownToken(first, 'some-other-token')).toBe(false);
  });
});
