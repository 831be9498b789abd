import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabaseRateLimits } from '../adapters/database-rate-limits.ts';
import { createDatabase, type Database } from '../storage/database.ts';
import { migrate } from '../storage/migrator.ts';
import { createTestDatabase } from '../testing/test-database.ts';
import { deleteCredential, getCredential, insertCredential, updateCredential } from './credentials-repo.ts';
import { createKeyring } from './keyring.ts';
import type { RateLimit } from './rate-limit-setting.ts';
import { reserveRateSlot } from './reserve-rate-slot.ts';

// Enough connections that the concurrent reservations really do meet on the credential's row.
const CONNECTIONS = 16;
const keyring = createKeyring(randomBytes(32));
let database: Database;
let drop: () => Promise<void>;
beforeAll(async () => {
  const created = await createTestDatabase();
  drop = created.drop;
  database = createDatabase(created.url, CONNECTIONS);
  await migrate(database);
});
afterAll(async () => {
  await database?.end();
  await drop?.();
});

async function credentialWith(rateLimit: RateLimit | null): Promise<string> {
  const record = await insertCredential(database, keyring, { type: 'core.bearer', name: 'shop', values: { token: 't' }, rateLimit });
  return record.id;
}

async function reserveAll(credentialId: string, count: number) {
  const slots = await Promise.all(Array.from({ length: count }, () => reserveRateSlot(database, credentialId)));
  return slots.map((slot) => {
    if (slot === null) throw new Error('a limited credential got no slot');
    return slot;
  });
}

async function storedSlotCount(credentialId: string): Promise<number> {
  const result = await database.query<{ count: number }>('SELECT cardinality(slot_times) AS count FROM weft_credential_rate_slots WHERE credential_id = $1', [
    credentialId,
  ]);
  return result.rows[0]?.count ?? 0;
}

describe('reserveRateSlot', () => {
  it('has nothing to reserve for a credential without a limit, or for no credential at all', async () => {
    expect(await reserveRateSlot(database, await credentialWith(null))).toBeNull();
    expect(await reserveRateSlot(database, 'cred_missing')).toBeNull();
  });

  it.each([
    { requests: 1, perSeconds: 1, reservations: 40 },
    { requests: 5, perSeconds: 2, reservations: 100 },
    { requests: 10, perSeconds: 60, reservations: 200 },
    { requests: 100, perSeconds: 60, reservations: 300 },
  ])('never puts more than $requests of $reservations concurrent reservations in any $perSeconds s window', async ({ requests, perSeconds, reservations }) => {
    const id = await credentialWith({ requests, perSeconds });
    const times = (await reserveAll(id, reservations)).map((slot) => slot.slotAt.getTime()).sort((a, b) => a - b);
    // Sorted, "at most R in any window of S" is exactly: the slot R places later is at least S later.
    const gaps = times.slice(requests).map((time, index) => time - (times[index] ?? Number.NaN));
    expect(gaps.filter((gap) => !(gap >= perSeconds * 1_000))).toEqual([]);
    expect(await storedSlotCount(id)).toBeLessThanOrEqual(requests);
  });

  it('lets a fresh credential make `requests` calls at once, then hands out each later turn one window after the turn it replaces', async () => {
    const [requests, perSeconds] = [10, 600];
    const id = await credentialWith({ requests, perSeconds });
    const slots = await reserveAll(id, 35);
    expect(slots.filter((slot) => slot.waitMs === 0)).toHaveLength(requests);
    const times = slots.map((slot) => slot.slotAt.getTime()).sort((a, b) => a - b);
    // No turn is wasted: within the first window every later slot is exactly one window after.
    const gaps = times.slice(requests).map((time, index) => time - (times[index] ?? Number.NaN));
    expect(new Set(gaps)).toEqual(new Set([perSeconds * 1_000]));
  });

  it('serves callers who come one after another in the order they came', async () => {
    const id = await credentialWith({ requests: 3, perSeconds: 60 });
    const times: number[] = [];
    for (let call = 0; call < 12; call++) times.push((await reserveAll(id, 1))[0]?.slotAt.getTime() ?? Number.NaN);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times.slice(3).map((time, index) => time - (times[index] ?? Number.NaN)))).toEqual(new Set([60_000]));
  });

  it('applies a lowered limit to the turns already handed out, and forgets them with the credential', async () => {
    const id = await credentialWith({ requests: 10, perSeconds: 60 });
    const first = (await reserveAll(id, 3)).map((slot) => slot.slotAt.getTime()).sort((a, b) => a - b);
    await updateCredential(database, keyring, { ...(await getCredential(database, keyring, id)), rateLimit: { requests: 2, perSeconds: 60 } });
    const next = (await reserveAll(id, 1))[0];
    expect(next?.slotAt.getTime()).toBe((first[1] ?? Number.NaN) + 60_000);
    expect(next?.waitMs).toBeGreaterThan(0);

    await deleteCredential(database, id);
    expect(await storedSlotCount(id)).toBe(0);
  });
});

describe('the engine port on PostgreSQL', () => {
  it('answers null without a limit, else when the call may go on the caller’s own clock', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const rateLimits = createDatabaseRateLimits({ database, clock: { now: () => now } });
    expect(await rateLimits.reserve(await credentialWith(null))).toBeNull();
    const id = await credentialWith({ requests: 1, perSeconds: 3_600 });
    expect(await rateLimits.reserve(id)).toEqual(now);
    expect((await rateLimits.reserve(id))?.getTime()).toBeGreaterThan(now.getTime());
  });
});
