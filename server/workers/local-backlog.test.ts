import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../storage/database.ts';
import { EXECUTE_QUEUE, type JobQueue, plannedOn, preparedOn, startJobQueue } from '../storage/job-queue.ts';
import { createTestDatabase } from '../testing/test-database.ts';
import { eventually } from '../testing/test-weft.ts';
import { createIngressFirst, type IngressFirst } from './ingress-first.ts';
import { type JobDispatcher, LOCAL_WAITING_PER_SLOT, startJobDispatcher } from './job-dispatcher.ts';

// Local runs wait in this process for a slot: a burst of events is accepted before the runs nobody
// waits on take the CPU, and when too many runs wait, new events wait a moment for room. These
// tests drive a real dispatcher (on a real pg-boss, with an empty queue) through local runs.
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

const SLOTS = 4;

function startDispatcher(ingressFirst: IngressFirst): JobDispatcher {
  dispatcher = startJobDispatcher({
    boss: queue.boss,
    db: preparedOn(database),
    fetchDb: plannedOn(database),
    queue: EXECUTE_QUEUE,
    concurrency: SLOTS,
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
async function startLocal(target: JobDispatcher, id: string, awaited: boolean) {
  const slot = await target.reserve(1_024);
  if (slot === undefined) throw new Error(`no slot for ${id}`);
  slot.start(id, async () => void started.push(id), awaited);
}

/** Takes `count` of the room local runs may wait in (all of it, by default), and keeps it. */
const takeRoom = (target: JobDispatcher, count = SLOTS * LOCAL_WAITING_PER_SLOT) => Promise.all(Array.from({ length: count }, () => target.reserve(1_024)));

/** Waits until the runs started so far are `expected`. */
const startedBecome = (expected: string[]) => eventually(`started ${expected.join(', ')}`, () => (started.join() === expected.join() ? true : undefined));
const aMoment = () => new Promise((resolve) => setTimeout(resolve, 100));
/** Whether `promise` settles within a moment. */
const settlesSoon = (promise: Promise<unknown>) => Promise.race([promise.then(() => true), aMoment().then(() => false)]);

describe('ingress first', () => {
  it('holds back runs nobody waits on while events are being accepted, and starts them once acceptance is idle', async () => {
    const ingress = createIngressFirst(60_000);
    const target = startDispatcher(ingress);
    ingress.accepting();
    await startLocal(target, 'background', false);
    await startLocal(target, 'answered-when-finished', true);
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
    await startLocal(target, 'held', false);
    expect(ingress.holdsRuns()).toBe(true);
    await startedBecome(['held']);
    expect(ingress.holdsRuns()).toBe(false);
  });

  it('holds nothing back with a window of 0', async () => {
    const ingress = createIngressFirst(0);
    const target = startDispatcher(ingress);
    ingress.accepting();
    await startLocal(target, 'at-once', false);
    expect(ingress.holdsRuns()).toBe(false);
    await startedBecome(['at-once']);
  });
});

describe('room for local runs', () => {
  const MB = 1024 * 1024;

  it('makes an event wait for room while the runs waiting here are at the limit, and gives it the room made', async () => {
    const target = startDispatcher(createIngressFirst(60_000));
    const reserved = await takeRoom(target);
    const next = target.reserve(1_024);
    const after = target.reserve(1_024);
    expect(await settlesSoon(next)).toBe(false);
    reserved[0]?.cancel();
    expect(await next).toBeDefined();
    expect(await settlesSoon(after)).toBe(false);
  });

  it('queues an event for any worker when no room is made in time', async () => {
    const target = startDispatcher(createIngressFirst(60_000));
    await takeRoom(target);
    // It waits (a moment is shorter than LOCAL_ROOM_WAIT_MS), then gives up.
    const waiting = target.reserve(1_024);
    expect(await settlesSoon(waiting)).toBe(false);
    expect(await waiting).toBeUndefined();
  });

  it('queues an event at once when the runs here are too slow to make room for it in time', async () => {
    const target = startDispatcher(createIngressFirst(0));
    // A run that holds its slot 400 ms: a slot of the four frees up about every 100 ms.
    const slow = await target.reserve(1_024);
    let finished = false;
    const holdSlot = async () => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      finished = true;
    };
    slow?.start('slow', holdSlot, false);
    await eventually('the slow run finished', () => (finished ? true : undefined));
    await takeRoom(target);
    // Room is expected in about 100 and 200 ms: those two wait. The third would wait about 300 ms.
    const [first, second] = [target.reserve(1_024), target.reserve(1_024)];
    const third = target.reserve(1_024);
    expect(await settlesSoon(third)).toBe(true);
    expect(await third).toBeUndefined();
    expect(await settlesSoon(Promise.race([first, second]))).toBe(false);
  });

  it('bounds what the waiting events hold in memory, and queues one too large to wait here at once', async () => {
    const target = startDispatcher(createIngressFirst(60_000));
    const big = await target.reserve(40 * MB);
    expect(big).toBeDefined();
    const next = target.reserve(40 * MB);
    expect(await settlesSoon(next)).toBe(false);
    big?.cancel();
    expect(await next).toBeDefined();
    expect(await settlesSoon(target.reserve(65 * MB))).toBe(true);
  });

  it('ends the hold on runs for a burst larger than what may wait here', async () => {
    const ingress = createIngressFirst(60_000);
    const target = startDispatcher(ingress);
    ingress.accepting();
    await takeRoom(target, SLOTS * LOCAL_WAITING_PER_SLOT - 1);
    await startLocal(target, 'held', false);
    await aMoment();
    expect(started).toEqual([]);
    // An event waits for room: the held run starts, and leaves its room to it.
    expect(await target.reserve(1_024)).toBeDefined();
    expect(started).toEqual(['held']);
  });
});
