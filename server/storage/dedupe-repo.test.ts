import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';
import { webhookKit } from '../testing/webhook-kit.ts';
import { acceptEvent } from './accept-event.ts';
import { createDatabase, type Database } from './database.ts';
import { DuplicateEventError } from './dedupe-repo.ts';
import { type JobQueue, startJobQueue } from './job-queue.ts';

// The ingress looks for a duplicate before accepting, but two copies can pass that look together;
// these tests drive the accepting transaction itself, where the race is settled.
let weft: TestWeft;
let database: Database;
let queue: JobQueue;
const kit = webhookKit(() => weft);

beforeAll(async () => {
  weft = await startTestWeft({ WEFT_ROLE: 'api' });
  await kit.publish(kit.hookFlow('raced', {}));
  database = createDatabase(weft.databaseUrl, 30);
  queue = await startJobQueue(weft.databaseUrl, { onError: () => {}, heartbeatSeconds: 30 });
});
afterAll(async () => {
  await queue?.stop();
  await database?.end();
  await weft?.stop();
});

const event = (key: string, windowSeconds = 3600): Parameters<typeof acceptEvent>[2] => ({
  flowId: 'raced',
  flowVersion: 1,
  draftDocument: null,
  triggerNode: 'hook',
  mode: 'webhook',
  payload: { body: 'x' },
  dedupe: { key, windowSeconds },
});

async function executionsOf(ids: string[]): Promise<number> {
  const result = await database.query('SELECT count(*)::int AS count FROM weft_executions WHERE id = ANY($1::uuid[])', [ids]);
  return result.rows[0].count;
}

describe('accepting an event with a dedupe key', () => {
  it('lets exactly one of many concurrent copies in; the others learn its execution id and leave nothing behind', async () => {
    const key = randomUUID();
    const outcomes = await Promise.allSettled(Array.from({ length: 12 }, () => acceptEvent(database, queue, event(key))));
    const accepted = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(11);
    for (const reason of refused) {
      expect(reason).toBeInstanceOf(DuplicateEventError);
      expect(reason).toMatchObject({ code: 'duplicate_event', executionId: accepted[0] });
    }
    expect(await executionsOf(accepted)).toBe(1);
    const jobs = await database.query(`SELECT count(*)::int AS count FROM weft_queue.job WHERE data->>'executionId' = $1`, [accepted[0]]);
    expect(jobs.rows[0].count).toBe(1);
  });

  it('takes over a key whose window has passed', async () => {
    const key = randomUUID();
    const first = await acceptEvent(database, queue, event(key));
    await database.query(`UPDATE weft_ingress_dedupe SET seen_at = now() - interval '2 hours' WHERE dedupe_key = $1`, [key]);
    const second = await acceptEvent(database, queue, event(key));
    expect(second).not.toBe(first);
    await expect(acceptEvent(database, queue, event(key))).rejects.toMatchObject({ executionId: second });
  });
});
