import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LoopbackServer, startLoopbackServer } from '@weft/nodes/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { eventually, startTestWeft, type TestWeft } from '../testing/test-weft.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres.ts';

// A real Weft on a PostgreSQL of this file's own (stopping the test run's shared one would break
// every other file), stopped and started again on the same port while webhook events keep coming
// and their executions are calling a slow receiver, so some are mid-step when the database goes.
// The Weft runs in this process: had a lost connection ended it (an 'error' event nobody listens
// to, an unhandled rejection), vitest would report that error and fail the run.
const TOTAL_EVENTS = 200;
const SENDERS = 4;
const REQUEST_TIMEOUT_MS = 15_000;
// PostgreSQL stops once this many events are answered, with the rest of the first batch in flight.
const ANSWERED_BEFORE_STOP = 50;
const SENT_UNTIL_STOPPED = 80;
const SENT_UNTIL_START = 120;
const SENT_UNTIL_STARTED = 140;
// PostgreSQL stays away at least this long, so that reconnecting (pool, pg-boss, LISTEN) fails for a while.
const OUTAGE_MS = 3_000;

let dataDir = '';
let postgres: EmbeddedDatabase | undefined;
let weft: TestWeft | undefined;
let receiver: LoopbackServer | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'weft-pg-restart-'));
  postgres = await startPostgres();
  weft = await startTestWeft({ DATABASE_URL: postgres.connectionString, WEFT_JOB_HEARTBEAT_SECONDS: '10' });
  receiver = await startLoopbackServer(async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
  });
  await publish(steadyFlow(receiver.url));
  await publish(answeringFlow);
});

afterAll(async () => {
  try {
    await weft?.stop();
  } finally {
    // Whatever became of the Weft, this file's PostgreSQL must not outlive it.
    await receiver?.close();
    await postgres?.stop();
    if (dataDir !== '') await rm(dataDir, { recursive: true, force: true });
  }
});

function startPostgres(port?: number): Promise<EmbeddedDatabase> {
  return startEmbeddedPostgres({ dataDir: join(dataDir, 'data'), durable: true, ...(port === undefined ? {} : { port }) });
}

function running(): TestWeft {
  if (weft === undefined) throw new Error('the test Weft did not start');
  return weft;
}

const steadyFlow = (receiverUrl: string) => ({
  formatVersion: 1,
  id: 'steady',
  name: 'Steady',
  nodes: [
    { id: 'hook', type: 'core.webhook', typeVersion: 1, params: {} },
    { id: 'double', type: 'core.map', typeVersion: 1, params: { output: { n: '=$.body.n * 2' } } },
    { id: 'call', type: 'core.http', typeVersion: 1, params: { method: 'POST', url: `${receiverUrl}/orders`, body: '=$' } },
    { id: 'label', type: 'core.map', typeVersion: 1, params: { output: { label: '="event " & $string($nodes.double.n)' } } },
  ],
  edges: [
    { from: { node: 'hook', port: 'out' }, to: { node: 'double', port: 'in' } },
    { from: { node: 'double', port: 'out' }, to: { node: 'call', port: 'in' } },
    { from: { node: 'call', port: 'out' }, to: { node: 'label', port: 'in' } },
  ],
});

const answeringFlow = {
  formatVersion: 1,
  id: 'answering',
  name: 'Answering',
  nodes: [
    { id: 'hook', type: 'core.webhook', typeVersion: 1, params: { responseMode: 'whenFinished', responseTimeoutMs: 10_000 } },
    { id: 'answer', type: 'core.respond', typeVersion: 1, params: { body: { answered: '=$.body.n' } } },
  ],
  edges: [{ from: { node: 'hook', port: 'out' }, to: { node: 'answer', port: 'in' } }],
};

async function publish(document: { id: string }) {
  expect((await running().api('/api/flows/import', { body: document })).status).toBe(201);
  expect((await running().api(`/api/flows/${document.id}/publish`, { method: 'POST' })).status).toBe(200);
}

type Phase = 'up' | 'stopping' | 'down' | 'starting' | 'back';

interface Outcome {
  n: number;
  /** Where PostgreSQL was when the event was sent, and when its answer came. */
  phase: Phase;
  answeredPhase: Phase;
  /** The HTTP status, or what went wrong when there was none. */
  status: number | 'hung' | 'no answer';
  body: unknown;
  retryAfter: string | null;
}

async function sendEvent(n: number, phase: Phase): Promise<Omit<Outcome, 'answeredPhase'>> {
  try {
    const response = await fetch(`${running().url}/hooks/steady`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    return { n, phase, status: response.status, body: await response.json(), retryAfter: response.headers.get('retry-after') };
  } catch (error) {
    const hung = error instanceof Error && error.name === 'TimeoutError';
    return { n, phase, status: hung ? 'hung' : 'no answer', body: String(error), retryAfter: null };
  }
}

/** A bounded stream of events from a few concurrent senders; each event goes once `allowed` reaches it. */
function eventStream() {
  const outcomes: Outcome[] = [];
  let allowed = 0;
  let phase: Phase = 'up';
  let nextEvent = 0;
  const sender = async () => {
    while (nextEvent < TOTAL_EVENTS) {
      if (nextEvent >= allowed) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        continue;
      }
      const n = nextEvent++;
      const outcome = await sendEvent(n, phase);
      outcomes.push({ ...outcome, answeredPhase: phase });
    }
  };
  const senders = Promise.all(Array.from({ length: SENDERS }, sender));
  return {
    outcomes,
    senders,
    allow(count: number, nowPhase: Phase) {
      allowed = count;
      phase = nowPhase;
    },
    answered: (count: number) => eventually(`${count} answers`, () => (outcomes.length >= count ? true : undefined), 1_200),
  };
}

const accepted = z.object({ executionId: z.uuid() });
const unavailable = z.object({ error: z.object({ code: z.literal('database_unavailable'), message: z.string().min(1) }) });
const finishedExecution = z.object({ status: z.string(), steps: z.array(z.object({ nodeId: z.string(), output: z.unknown() })) });

describe('PostgreSQL restarting under load', () => {
  it('loses no accepted event, answers 503 while it is away, and recovers by itself', async () => {
    const stream = eventStream();
    stream.allow(SENT_UNTIL_STOPPED, 'up');
    await stream.answered(ANSWERED_BEFORE_STOP);
    // Stopped while events and executions are in flight: some meet a shutting-down server mid-transaction.
    stream.allow(SENT_UNTIL_STOPPED, 'stopping');
    await postgres?.stop();
    const port = Number(new URL(postgres?.connectionString ?? '').port);
    postgres = undefined;
    stream.allow(SENT_UNTIL_START, 'down');
    await Promise.all([stream.answered(SENT_UNTIL_START), new Promise((resolve) => setTimeout(resolve, OUTAGE_MS))]);
    const starting = startPostgres(port);
    stream.allow(SENT_UNTIL_STARTED, 'starting');
    postgres = await starting;
    stream.allow(TOTAL_EVENTS, 'back');
    await stream.senders;

    const { outcomes } = stream;
    expect(outcomes).toHaveLength(TOTAL_EVENTS);
    // Every request got an answer, and the only answers are "stored" and "database unavailable".
    expect(outcomes.filter((outcome) => outcome.status !== 202 && outcome.status !== 503)).toEqual([]);
    const refused = outcomes.filter((outcome) => outcome.status === 503);
    const whileDown = outcomes.filter((outcome) => outcome.phase === 'down');
    expect(whileDown.length).toBeGreaterThanOrEqual(SENT_UNTIL_START - SENT_UNTIL_STOPPED);
    expect(whileDown.filter((outcome) => outcome.status !== 503)).toEqual([]);
    for (const outcome of refused) {
      expect(unavailable.safeParse(outcome.body).success).toBe(true);
      expect(outcome.retryAfter).toBe('5');
    }
    // Before the stop and once PostgreSQL is back, every event is accepted.
    const calm = outcomes.filter((outcome) => outcome.answeredPhase === 'up' || outcome.phase === 'back');
    expect(calm.filter((outcome) => outcome.status !== 202)).toEqual([]);

    // Every event that got a 2xx runs to the end, however its worker fared during the outage.
    const acceptedEvents = outcomes.filter((outcome) => outcome.status === 202);
    expect(acceptedEvents.length).toBeGreaterThanOrEqual(ANSWERED_BEFORE_STOP + TOTAL_EVENTS - SENT_UNTIL_STARTED);
    for (const event of acceptedEvents) {
      const { executionId } = accepted.parse(event.body);
      const execution = finishedExecution.parse(await finished(executionId));
      expect(execution.status).toBe('succeeded');
      expect(execution.steps.find((step) => step.nodeId === 'label')?.output).toEqual({ label: `event ${event.n * 2}` });
    }
    // The receiver got each accepted event's call (a step run again after its checkpoint was lost calls again, with the same key).
    const calls = receiver?.requests ?? [];
    const keys = new Set(calls.map((call) => call.headers['idempotency-key']));
    for (const event of acceptedEvents) expect(keys).toContain(`${accepted.parse(event.body).executionId}:call`);

    // The LISTEN connection is back: a flow that answers when finished is woken by its notification.
    // Without it the answer would come only when the 10 s response timeout sends Weft to look.
    const answer = await eventually(
      'a whenFinished answer woken by its notification',
      async () => {
        const response = await fetch(`${running().url}/hooks/answering`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"n":7}',
          signal: AbortSignal.timeout(5_000),
        }).catch(() => undefined);
        return response?.status === 200 ? response.json() : undefined;
      },
      3,
    );
    expect(answer).toEqual({ answered: 7 });
  }, 120_000);
});

/** The execution once it finished; a job whose worker lost the database mid-step resumes after its heartbeat lapses (~15 s). */
function finished(executionId: string) {
  return eventually(
    `execution ${executionId} to finish`,
    async () => {
      const execution = finishedExecution.parse(await (await running().api(`/api/executions/${executionId}`)).json());
      return execution.status === 'succeeded' || execution.status === 'failed' ? execution : undefined;
    },
    1_200,
  );
}
