import { silentLogger } from '@weft/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../storage/database.ts';
import { type JobQueue, startJobQueue } from '../storage/job-queue.ts';
import { type ExecutionJson, startTestWeft, type TestWeft } from '../testing/test-weft.ts';
import { reapOnce } from './reaper.ts';

// Waits over 200 ms suspend the execution in the database, so the tests can see it wait.
const environment = { WEFT_SUSPEND_AFTER_MS: '200' };
let weft: TestWeft;

beforeAll(async () => {
  weft = await startTestWeft(environment);
});
afterAll(async () => {
  await weft?.stop();
});

type NodeJson = { id: string; type: string; params?: Record<string, unknown> };

/** A flow of a manual trigger followed by `steps` in a line. */
function lineFlow(id: string, steps: readonly NodeJson[]) {
  const nodes = [{ id: 'start', type: 'core.manual', params: {} }, ...steps].map((node) => ({ typeVersion: 1, params: {}, ...node }));
  const edges = nodes.slice(1).map((node, index) => ({ from: { node: nodes[index]?.id ?? '', port: 'out' }, to: { node: node.id, port: 'in' } }));
  return { formatVersion: 1, id, name: id, nodes, edges };
}

async function publish(document: ReturnType<typeof lineFlow>, on: TestWeft = weft) {
  expect((await on.api('/api/flows', { body: document })).status).toBe(201);
  expect((await on.api(`/api/flows/${document.id}/publish`, { method: 'POST' })).status).toBe(200);
}

async function startRun(flowId: string, payload: unknown, on: TestWeft = weft): Promise<string> {
  const response = await on.api(`/api/flows/${flowId}/run`, { body: { version: 'published', payload, wait: false } });
  expect(response.status).toBe(202);
  return (await response.json()).executionId;
}

const stepOf = (execution: ExecutionJson, nodeId: string): ExecutionJson => execution.steps.find((step: { nodeId: string }) => step.nodeId === nodeId);

describe('core.delay', () => {
  it('waits in the database, holding no worker, then passes its input on', async () => {
    await publish(lineFlow('delayed', [{ id: 'pause', type: 'core.delay', params: { amount: 1, unit: 'seconds' } }]));
    const executionId = await startRun('delayed', { order: 7 });
    const waiting = await weft.executionWhen(executionId, ['waiting', 'succeeded', 'failed']);
    expect(waiting).toMatchObject({ status: 'waiting', error: null, waits: [{ nodeId: 'pause', node: { state: null } }] });
    expect(Date.parse(waiting.waits[0].resumeAt)).toBeGreaterThan(Date.now());
    const done = await weft.executionWhen(executionId);
    expect(done.status).toBe('succeeded');
    expect(stepOf(done, 'pause')).toMatchObject({ status: 'succeeded', output: { order: 7 } });
  });

  it('keeps waiting across a restart and goes on when the time comes', async () => {
    await publish(lineFlow('delay-restart', [{ id: 'pause', type: 'core.delay', params: { mode: 'until', until: '=$.at' } }]));
    const executionId = await startRun('delay-restart', { at: new Date(Date.now() + 1_500).toISOString() });
    await weft.executionWhen(executionId, ['waiting']);
    await weft.weft.close();
    weft = await startTestWeft(environment, weft);
    const done = await weft.executionWhen(executionId);
    expect(done.status).toBe('succeeded');
    expect(Date.parse(done.finishedAt)).toBeGreaterThanOrEqual(Date.parse(done.payload.at));
  });
});

/** A flow: start → each (items of the event) → `body` in a line; each.done → collect. */
function loopFlow(id: string, concurrency: number, body: readonly NodeJson[]) {
  const nodes = [
    { id: 'start', type: 'core.manual', params: {} },
    { id: 'each', type: 'core.each', params: { concurrency } },
    ...body,
    { id: 'collect', type: 'core.map', params: { output: { results: '=$' } } },
  ].map((node) => ({ typeVersion: 1, params: {}, ...node }));
  const line = ['each', ...body.map((node) => node.id)];
  const edges = [
    { from: { node: 'start', port: 'out' }, to: { node: 'each', port: 'in' } },
    { from: { node: 'each', port: 'done' }, to: { node: 'collect', port: 'in' } },
    ...line.slice(1).map((nodeId, index) => ({ from: { node: line[index] ?? '', port: index === 0 ? 'item' : 'out' }, to: { node: nodeId, port: 'in' } })),
  ];
  return { formatVersion: 1, id, name: id, nodes, edges };
}

describe('core.each with waiting steps in its body', () => {
  it('suspends for a delay per item and collects every result', async () => {
    await publish(loopFlow('each-delayed', 1, [{ id: 'pause', type: 'core.delay', params: { amount: 0.3, unit: 'seconds' } }, { id: 'tag', type: 'core.map', params: { output: '=$ & "!"' } }]));
    const executionId = await startRun('each-delayed', ['a', 'b']);
    const waiting = await weft.executionWhen(executionId, ['waiting', 'succeeded', 'failed']);
    expect(waiting).toMatchObject({ status: 'waiting', waits: [{ nodeId: 'pause', item: 0 }] });
    const done = await weft.executionWhen(executionId);
    expect(done.status).toBe('succeeded');
    expect(stepOf(done, 'collect')).toMatchObject({ output: { results: ['a!', 'b!'] } });
    const tags = done.steps.filter((step: { nodeId: string }) => step.nodeId === 'tag');
    expect(tags.map((step: { item: number }) => step.item)).toEqual([0, 1]);
  });
});

describe('core.subflow', () => {
  beforeAll(async () => {
    await publish(lineFlow('child-double', [{ id: 'double', type: 'core.map', params: { output: { doubled: '=$.n * 2' } } }]));
    await publish(lineFlow('child-broken', [{ id: 'explode', type: 'core.map', params: { output: '=$error("the child broke")' } }]));
  });

  it('runs a published flow as a child and gives its last output to the next step', async () => {
    await publish(
      lineFlow('parent', [
        { id: 'call', type: 'core.subflow', params: { flowId: 'child-double', payload: { n: '=$.n + 1' } } },
        { id: 'after', type: 'core.map', params: { output: { got: '=$' } } },
      ]),
    );
    const executionId = await startRun('parent', { n: 20 });
    const done = await weft.executionWhen(executionId);
    expect(done.status).toBe('succeeded');
    expect(stepOf(done, 'after')).toMatchObject({ output: { got: { doubled: 42 } } });
    const children = await (await weft.api('/api/executions?flowId=child-double')).json();
    const child = children.items.find((item: { parent: { executionId: string } | null }) => item.parent?.executionId === executionId);
    expect(child).toMatchObject({ mode: 'subflow', status: 'succeeded', parent: { executionId, nodeId: 'call' } });
  });

  it('calls a flow once per item, several at once, each child waking its own item', async () => {
    await publish(loopFlow('each-calls', 3, [{ id: 'call', type: 'core.subflow', params: { flowId: 'child-double', payload: { n: '=$' } } }]));
    const done = await weft.executionWhen(await startRun('each-calls', [1, 2, 3, 4, 5]));
    expect(done.status).toBe('succeeded');
    expect(stepOf(done, 'collect')).toMatchObject({ output: { results: [{ doubled: 2 }, { doubled: 4 }, { doubled: 6 }, { doubled: 8 }, { doubled: 10 }] } });
  });

  it('fails the calling step with the child failure', async () => {
    await publish(lineFlow('parent-of-broken', [{ id: 'call', type: 'core.subflow', params: { flowId: 'child-broken' } }]));
    const done = await weft.executionWhen(await startRun('parent-of-broken', {}));
    expect(done).toMatchObject({ status: 'failed', error: { nodeId: 'call', code: 'subflow_failed' } });
    expect(stepOf(done, 'call')).toMatchObject({ error: { message: expect.stringContaining('the child broke') } });
  });

  it('fails clearly when the called flow is not published', async () => {
    await publish(lineFlow('parent-of-nothing', [{ id: 'call', type: 'core.subflow', params: { flowId: 'no-such-flow' } }]));
    const done = await weft.executionWhen(await startRun('parent-of-nothing', {}));
    expect(done).toMatchObject({ status: 'failed', error: { nodeId: 'call', code: 'subflow_not_published' } });
  });

  it('stops a flow that calls itself', async () => {
    await publish(lineFlow('narcissus', [{ id: 'call', type: 'core.subflow', params: { flowId: 'narcissus' } }]));
    const done = await weft.executionWhen(await startRun('narcissus', {}));
    expect(done).toMatchObject({ status: 'failed', error: { nodeId: 'call', code: 'subflow_failed' } });
    expect(stepOf(done, 'call')).toMatchObject({ error: { message: expect.stringContaining('levels deep') } });
  });

  it('can start a flow without waiting for it', async () => {
    await publish(lineFlow('fire-and-forget', [{ id: 'call', type: 'core.subflow', params: { flowId: 'child-double', payload: { n: 1 }, waitForResult: false } }]));
    const done = await weft.executionWhen(await startRun('fire-and-forget', {}));
    expect(done.status).toBe('succeeded');
    const childId = stepOf(done, 'call')?.output.executionId;
    expect((await weft.executionWhen(childId)).status).toBe('succeeded');
  });

  describe('when the child does not finish in time', () => {
    let database: Database;
    let queue: JobQueue;
    beforeAll(async () => {
      database = createDatabase(weft.databaseUrl, 2);
      queue = await startJobQueue(weft.databaseUrl, { onError: () => {}, heartbeatSeconds: 30 });
    });
    afterAll(async () => {
      await queue?.stop();
      await database?.end();
    });

    it('is woken by the reaper once its time-out passed, and fails its step', async () => {
      // The child waits a minute; the parent gives it one second.
      await publish(lineFlow('slow-child', [{ id: 'pause', type: 'core.delay', params: { amount: 1, unit: 'minutes' } }]));
      await publish(lineFlow('impatient', [{ id: 'call', type: 'core.subflow', params: { flowId: 'slow-child', timeoutSeconds: 1 } }]));
      const executionId = await startRun('impatient', {});
      const waiting = await weft.executionWhen(executionId, ['waiting']);
      expect(waiting.waits[0].node.signal).toMatch(/^execution:/);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const pass = await reapOnce({ database, queue, logger: silentLogger, retentionDays: 0, graceSeconds: 60, aliveWithinSeconds: 30 });
      expect(pass.timedOutWaits).toBe(1);
      const done = await weft.executionWhen(executionId);
      expect(done).toMatchObject({ status: 'failed', error: { nodeId: 'call', code: 'subflow_timeout' } });
    });
  });
});
