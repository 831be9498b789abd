import { randomUUID } from 'node:crypto';
import type { Json, StepRecord } from '@weft/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';
import { createDatabase, type Database } from './database.ts';
import { finishExecutions } from './execution-lifecycle.ts';
import { createOutcomeReader } from './execution-outcomes.ts';
import { getExecutionWithSteps, insertExecutions, loadSteps } from './executions-repo.ts';
import { createStepRowWriter, saveStepRows } from './step-rows.ts';

let weft: TestWeft;
let database: Database;

beforeAll(async () => {
  weft = await startTestWeft({ WEFT_ROLE: 'api' });
  database = createDatabase(weft.databaseUrl, 4);
  await weft.api('/api/flows', { body: { id: 'finishing', name: 'finishing', nodes: [{ id: 'start', type: 'core.manual', typeVersion: 1, params: {} }] } });
});
afterAll(async () => {
  await database?.end();
  await weft?.stop();
});

// A run of the draft: the document it runs is kept with the execution.
const draft = { formatVersion: 1 as const, id: 'finishing', name: 'finishing', description: '', nodes: [], edges: [], settings: { timeoutMs: 300_000, concurrency: 0 } };

async function queuedExecution(payload: Json = { n: 1 }): Promise<string> {
  const id = randomUUID();
  await insertExecutions(database, [{ id, flowId: 'finishing', flowVersion: null, draftDocument: draft, triggerNode: null, mode: 'manual', payload }]);
  return id;
}

const step = (nodeId: string, item?: number): StepRecord => ({
  nodeId,
  nodeType: 'core.map',
  status: 'succeeded',
  input: { in: nodeId },
  output: { out: nodeId, item: item ?? null },
  ports: ['out'],
  error: null,
  logs: [],
  attempts: 1,
  startedAt: '2026-11-23T10:00:00.000Z',
  finishedAt: '2026-11-23T10:00:00.005Z',
  durationMs: 5,
  ...(item === undefined ? {} : { item }),
});

describe('finishing executions together', () => {
  it('stores the outcomes and the last steps of several executions in one call', async () => {
    const [a, b] = [await queuedExecution(), await queuedExecution()];
    await finishExecutions(database, [
      { executionId: a, outcome: { status: 'succeeded', error: null, response: null }, steps: createStepRowWriter(a).rowsOf([step('one'), step('two')]) },
      { executionId: b, outcome: { status: 'failed', error: { nodeId: 'one', code: 'boom', message: 'it broke' }, response: null } },
    ]);
    const first = await getExecutionWithSteps(database, a);
    expect(first.execution.status).toBe('succeeded');
    expect(first.steps.map((saved) => saved.nodeId)).toEqual(['one', 'two']);
    expect(first.steps[1]).toEqual(step('two'));
    const second = await getExecutionWithSteps(database, b);
    expect(second.execution).toMatchObject({ status: 'failed', error: { code: 'boom' } });
    expect(second.steps).toEqual([]);
  });

  it('stores thousands of steps at once, more than a statement has parameters for', async () => {
    const id = await queuedExecution();
    // 18 columns each: 5,000 rows of their own parameters would pass PostgreSQL's 65,535.
    const many = Array.from({ length: 5_000 }, (_, item) => step('each-body', item));
    await finishExecutions(database, [{ executionId: id, outcome: { status: 'succeeded', error: null, response: null }, steps: createStepRowWriter(id).rowsOf(many) }]);
    const { execution, steps } = await getExecutionWithSteps(database, id);
    expect(execution.status).toBe('succeeded');
    expect(steps).toHaveLength(many.length);
    expect(steps.at(-1)).toEqual(many.at(-1));
  });

  it('keeps every kind of value exactly: ports, errors, logs, answers, items and JSON text', async () => {
    const id = await queuedExecution();
    const odd = {
      ...step('odd', 2),
      ports: ['out', 'with "quotes"', 'back\\slash', 'comma,brace}'],
      status: 'failed' as const,
      input: 'a "quoted" string with \\ and unicode ✓',
      output: null,
      error: { code: 'boom', message: 'it "broke"', retryable: true, details: { at: [1, null] } },
      logs: [{ at: new Date(0).toISOString(), level: 'warn' as const, message: 'careful' }],
      response: { status: 202, headers: { 'x-a': 'b' }, body: '{}' },
    };
    await finishExecutions(database, [{ executionId: id, outcome: { status: 'failed', error: null, response: null }, steps: createStepRowWriter(id).rowsOf([odd]) }]);
    expect((await getExecutionWithSteps(database, id)).steps).toEqual([odd]);
  });

  it('stores a value repeated within an execution once, and reads every step back whole', async () => {
    const id = await queuedExecution();
    const order = { id: 'A1', lines: Array.from({ length: 5 }, (_, n) => ({ sku: `SKU-${n}`, quantity: n + 1 })) };
    const filtered = { ...step('filter'), input: order, output: order };
    const mapped = { ...step('map'), input: order, output: { sku: 'SKU-0', total: 15, note: 'a mapped value that is long enough to be shared' } };
    const posted = { ...step('post'), input: mapped.output, output: { status: 201 } };
    const writer = createStepRowWriter(id);
    await finishExecutions(database, [{ executionId: id, outcome: { status: 'succeeded', error: null, response: null }, steps: writer.rowsOf([filtered, mapped, posted]) }]);

    const rows = await database.query('SELECT node_id, input IS NULL AS input_shared, input_ref, output IS NULL AS output_shared, output_ref FROM weft_steps WHERE execution_id = $1 ORDER BY seq', [id]);
    expect(rows.rows).toEqual([
      { node_id: 'filter', input_shared: false, input_ref: null, output_shared: true, output_ref: 'input::filter' },
      { node_id: 'map', input_shared: true, input_ref: 'input::filter', output_shared: false, output_ref: null },
      { node_id: 'post', input_shared: true, input_ref: 'output::map', output_shared: false, output_ref: null },
    ]);
    expect(await loadSteps(database, id)).toEqual([filtered, mapped, posted]);
    expect((await getExecutionWithSteps(database, id)).steps).toEqual([filtered, mapped, posted]);
  });

  it('finds the executions it finishes by their ids, however many rows the table holds', async () => {
    const others = Array.from({ length: 5000 }, () => ({ id: randomUUID(), flowId: 'finishing', flowVersion: null, draftDocument: draft, triggerNode: null, mode: 'manual' as const, payload: {} }));
    await insertExecutions(database, others);
    await database.query('ANALYZE weft_executions');
    const client = await database.connect();
    try {
      const id = await queuedExecution();
      await finishExecutions(client, [{ executionId: id, outcome: { status: 'succeeded', error: null, response: null }, steps: createStepRowWriter(id).rowsOf([step('one')]) }]);
      // The statement as this connection prepared it, planned as it is run: once, for any values.
      const prepared = await client.query(`SELECT statement FROM pg_prepared_statements WHERE name LIKE 'weft-finish-executions%'`);
      const plan = await client.query(`EXPLAIN (GENERIC_PLAN) ${prepared.rows[0]?.statement}`);
      const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
      // Through an index, by id (which index is the planner's pick: these rows share one created_at).
      expect(text).toMatch(/Index Cond: \(id = ANY/);
      expect(text).not.toContain('Seq Scan on weft_executions');
    } finally {
      client.release();
    }
  });

  it('lets a resumed run refer to a value an earlier run stored', async () => {
    const id = await queuedExecution();
    const event = { kind: 'order.paid', data: { id: 'B7', customer: 'someone@example.com', amount: 1200 } };
    const first = { ...step('first'), input: event, output: event };
    await finishExecutions(database, [{ executionId: id, outcome: { status: 'succeeded', error: null, response: null }, steps: createStepRowWriter(id).rowsOf([first]) }]);
    // The next run starts from what is stored: its writer knows where `event` is.
    const stored = await loadSteps(database, id);
    const later = { ...step('later'), input: event, output: { done: true } };
    const rows = createStepRowWriter(id, { steps: stored }).rowsOf([later]);
    expect(rows[0]?.input).toEqual({ ref: 'input::first' });
    await finishExecutions(database, [{ executionId: id, outcome: { status: 'succeeded', error: null, response: null }, steps: rows }]);
    expect(await loadSteps(database, id)).toEqual([first, later]);
  });

  it('refers to the execution payload rather than storing the event again as the trigger step input', async () => {
    const event = { method: 'POST', body: { order: 'C3', note: 'an event long enough to be worth sharing with the steps' } };
    const id = await queuedExecution(event);
    const trigger = { ...step('trigger'), input: event, output: { order: 'C3' } };
    const rows = createStepRowWriter(id, { payload: event }).rowsOf([trigger]);
    expect(rows[0]?.input).toEqual({ ref: 'payload' });
    // A copy of the event is found by its JSON text, as the very object is.
    expect(createStepRowWriter(id, { payload: event }).rowsOf([{ ...trigger, input: structuredClone(event) }])[0]?.input).toEqual({ ref: 'payload' });
    // The same fields in another order serialize to another text: stored in full, not as the payload.
    const reordered = { body: event.body, method: event.method };
    expect(createStepRowWriter(id, { payload: event }).rowsOf([{ ...trigger, input: reordered }])[0]?.input).toEqual({ json: JSON.stringify(reordered) });
    await finishExecutions(database, [{ executionId: id, outcome: { status: 'succeeded', error: null, response: null }, steps: rows }]);
    expect(await loadSteps(database, id)).toEqual([trigger]);
    expect((await getExecutionWithSteps(database, id)).steps).toEqual([trigger]);
  });
});

describe('reading outcomes for requests that waited', () => {
  it('reads the outcomes asked for together, each its own, and refuses an unknown execution', async () => {
    const [done, broken, running] = [await queuedExecution(), await queuedExecution(), await queuedExecution()];
    const response = { status: 201, headers: { 'content-type': 'text/plain' }, body: 'made' };
    await finishExecutions(database, [
      { executionId: done, outcome: { status: 'succeeded', error: null, response } },
      { executionId: broken, outcome: { status: 'failed', error: { nodeId: 'start', code: 'boom', message: 'it broke' }, response: null } },
    ]);
    const read = createOutcomeReader(database);
    const outcomes = await Promise.all([read(done), read(broken), read(running)]);
    expect(outcomes).toEqual([
      { status: 'succeeded', error: null, response },
      { status: 'failed', error: { nodeId: 'start', code: 'boom', message: 'it broke' }, response: null },
      { status: 'queued', error: null, response: null },
    ]);
    await expect(read(randomUUID())).rejects.toMatchObject({ code: 'execution_not_found' });
  });
});

describe('steps belong to their execution', () => {
  const succeeded = { status: 'succeeded' as const, error: null, response: null };

  it('stores no step for an execution that is gone, whether checkpointed or finished', async () => {
    const gone = randomUUID();
    await saveStepRows(database, createStepRowWriter(gone).rowsOf([step('orphan')]));
    await finishExecutions(database, [{ executionId: gone, outcome: succeeded, steps: createStepRowWriter(gone).rowsOf([step('orphan-too')]) }]);
    const kept = await database.query('SELECT count(*)::int AS count FROM weft_steps WHERE execution_id = $1', [gone]);
    expect(kept.rows[0]?.count).toBe(0);
  });

  it('goes with its execution when that is deleted, alone or with its flow', async () => {
    const [alone, withFlow] = [await queuedExecution(), await queuedExecution()];
    await saveStepRows(database, createStepRowWriter(alone).rowsOf([step('one')]));
    await finishExecutions(database, [{ executionId: withFlow, outcome: succeeded, steps: createStepRowWriter(withFlow).rowsOf([step('two')]) }]);
    const stepsOf = async (id: string) => (await database.query('SELECT count(*)::int AS count FROM weft_steps WHERE execution_id = $1', [id])).rows[0]?.count;
    expect([await stepsOf(alone), await stepsOf(withFlow)]).toEqual([1, 1]);
    await database.query('DELETE FROM weft_executions WHERE id = $1', [alone]);
    expect(await stepsOf(alone)).toBe(0);
    expect(await stepsOf(withFlow)).toBe(1);
    await weft.api('/api/flows/finishing', { method: 'DELETE' });
    expect(await stepsOf(withFlow)).toBe(0);
  });
});
