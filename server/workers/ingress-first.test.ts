import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../storage/database.ts';
import { EXECUTE_QUEUE, type JobQueue, plannedOn, preparedOn, startJobQueue } from '../storage/job-queue.ts';
import { createTestDatabase } from '../testing/test-database.ts';
import { eventually } from '../testing/test-weft.ts';
import { createIngressFirst, type IngressFirst } from './ingress-first.ts';
import { type JobDispatcher, startJobDispatcher } from './job-dispatcher.ts';

// A burst of events is accepted before the runs nobody waits on take the CPU. These tests drive a
// real dispatcher (on a real pg-boss, with an empty queue) through local runs.
let testDatabase: Awaited<ReturnType<typeof createTestDatabase>>;
let database: Database;
let queue: JobQueue;
let dispatcher: JobDispatcher | undefined;
const started: string[] = [];
const handedOn: string[] = [];

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = createDatabase(testDatabase.url, 4);
  queue = await startJobQueue(testDatabase.url, { onError: () => {}, heartbeatSeconds: 30 });
});
afterEach(async () => {
  await dispatcher?.stop();
  dispatcher = undefined;
  started.length = 0;
  handedOn.length = 0;
});
afterAll(async () => {
  await queue?.stop();
  await database?.end();
  await testDatabase?.drop();
});

function startDispatcher(ingressFirst: IngressFirst): JobDispatcher {
  dispatcher = startJobDispatcher({
    boss: queue.boss,
    db: preparedOn(database),
    fetchDb: plannedOn(database),
    queue: EXECUTE_QUEUE,
    concurrency: 4,
    heartbeatSeconds: 30,
    pollMs: 1_000,
    logger: { log: () => {} },
    run: async () => {},
    handOn: async (ids) => void handedOn.push(...ids),
    ingressFirst,
  });
  return dispatcher;
}

/** Commits a local run `id` to `target`, as the ingest batcher does once its event is stored. */
function startLocal(target: JobDispatcher, id: string, awaited: boolean) {
  const slot = target.reserve(1_024);
  if (slot === undefined) throw new Error(`no slot for ${id}`);
  slot.start(id, async () => void started.push(id), awaited);
}

/** Waits until the runs started so far are `expected`. */
const startedBecome = (expected: string[]) => eventually(`started ${expected.join(', ')}`, () => (started.join() === expected.join() ? true : undefined));
const aMoment = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('ingress first', () => {
  it('holds back runs nobody waits on while events are being accepted, and starts them once acceptance is idle', async () => {
    const ingress = createIngressFirst(60_000);
    const target = startDispatcher(ingress);
    ingress.accepting();
    startLocal(target, 'background', false);
    startLocal(target, 'answered-when-finished', true);
    await startedBecome(['answered-when-finished']);
    await aMoment();
    expect(started).toEqual(['answered-when-finished']);
    ingress.accepted();
    await startedBecome(['answered-when-finished', 'background']);
  });

  it('starts held runs when the window runs out, though events are still being accepted', async () => {
    const ingress = createIngressFirst(200);
    const target = startDispatcher(ingress);
    ingress.accepting();
    startLocal(target, 'held', false);
    expect(ingress.holdsRuns()).toBe(true);
    await startedBecome(['held']);
    expect(ingress.holdsRuns()).toBe(false);
  });

  it('holds nothing back with a window of 0', async () => {
    const ingress = createIngressFirst(0);
    const target = startDispatcher(ingress);
    ingress.accepting();
    startLocal(target, 'at-once', false);
    expect(ingress.holdsRuns()).toBe(false);
    await startedBecome(['at-once']);
  });

  it('queues a run for any worker rather than hold more events in memory than the limit', async () => {
    const target = startDispatcher(createIngressFirst(60_000));
    const big = target.reserve(40 * 1024 * 1024);
    expect(big).toBeDefined();
    expect(target.reserve(40 * 1024 * 1024)).toBeUndefined();
    big?.cancel();
    expect(target.reserve(40 * 1024 * 1024)).toBeDefined();
  });
});
