import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../storage/database.ts';
import { migrate } from '../storage/migrator.ts';
import { createTestDatabase } from '../testing/test-database.ts';
import { pruneEvents } from './prune-events.ts';

let database: Database;
let drop: () => Promise<void>;
const subscriptions = [randomUUID(), randomUUID()];

beforeAll(async () => {
  const created = await createTestDatabase();
  drop = created.drop;
  database = createDatabase(created.url, 2);
  await migrate(database);
  for (const id of subscriptions) {
    await database.query(`INSERT INTO weft_subscriptions (id, url, event_types, secret) VALUES ($1, 'http://127.0.0.1:9/hook', '{*}', 'whsec_test')`, [id]);
  }
});
afterAll(async () => {
  await database?.end();
  await drop?.();
});
beforeEach(async () => {
  await database.query('DELETE FROM weft_events');
});

type DeliveryState = { status: 'pending' | 'delivered' | 'failed'; finishedDaysAgo?: number };

/** An event published `daysAgo`, with one delivery (and one attempt) per state, to distinct subscriptions. */
async function event(daysAgo: number, deliveries: DeliveryState[]): Promise<string> {
  const id = randomUUID();
  await database.query(`INSERT INTO weft_events (id, type, data, source, created_at) VALUES ($1, 'order.created', '{}', 'api', now() - $2 * interval '1 day')`, [id, daysAgo]);
  for (const [index, delivery] of deliveries.entries()) {
    const deliveryId = randomUUID();
    const finished = delivery.finishedDaysAgo ?? (delivery.status === 'pending' ? null : daysAgo);
    await database.query(
      `INSERT INTO weft_deliveries (id, event_id, subscription_id, message_id, status, created_at, finished_at)
       VALUES ($1, $2, $3, $4, $5, now() - $6 * interval '1 day', now() - $7 * interval '1 day')`,
      [deliveryId, id, subscriptions[index], `msg_${deliveryId}`, delivery.status, daysAgo, finished],
    );
    await database.query(
      `INSERT INTO weft_delivery_attempts (delivery_id, attempt, started_at, latency_ms, outcome) VALUES ($1, 1, now(), 5, $2)`,
      [deliveryId, delivery.status === 'delivered' ? 'delivered' : 'failed'],
    );
  }
  return id;
}

async function count(table: string): Promise<number> {
  const result = await database.query(`SELECT count(*)::int AS count FROM ${table}`);
  return Number(result.rows[0]?.count);
}

describe('pruneEvents', () => {
  it.each<{ name: string; daysAgo: number; deliveries: DeliveryState[]; pruned: boolean }>([
    { name: 'an old event delivered long ago', daysAgo: 40, deliveries: [{ status: 'delivered' }], pruned: true },
    { name: 'an old event, one delivered and one failed long ago', daysAgo: 40, deliveries: [{ status: 'delivered' }, { status: 'failed' }], pruned: true },
    { name: 'an old event no subscription matched', daysAgo: 40, deliveries: [], pruned: true },
    { name: 'an old event with a pending delivery', daysAgo: 40, deliveries: [{ status: 'delivered' }, { status: 'pending' }], pruned: false },
    { name: 'an old event redelivered recently', daysAgo: 40, deliveries: [{ status: 'failed', finishedDaysAgo: 1 }], pruned: false },
    { name: 'a recent event', daysAgo: 2, deliveries: [{ status: 'delivered' }], pruned: false },
  ])('$name: pruned $pruned', async ({ daysAgo, deliveries, pruned }) => {
    await event(daysAgo, deliveries);
    expect(await pruneEvents(database, 30, 100)).toBe(pruned ? 1 : 0);
    expect([await count('weft_events'), await count('weft_deliveries'), await count('weft_delivery_attempts')]).toEqual(
      pruned ? [0, 0, 0] : [1, deliveries.length, deliveries.length],
    );
  });

  it('deletes a batch at a time', async () => {
    for (let index = 0; index < 3; index++) await event(40, [{ status: 'delivered' }]);
    const kept = await event(40, [{ status: 'pending' }]);
    expect([await pruneEvents(database, 30, 2), await pruneEvents(database, 30, 2), await pruneEvents(database, 30, 2)]).toEqual([2, 1, 0]);
    const left = await database.query('SELECT id::text FROM weft_events');
    expect(left.rows).toEqual([{ id: kept }]);
  });
});
