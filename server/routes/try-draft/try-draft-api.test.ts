import { randomBytes } from 'node:crypto';
import { type LoopbackServer, startLoopbackServer } from '@weft/nodes/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { deliveryApi } from '../../delivery/delivery-api.ts';
import { startTestWeft, type TestWeft } from '../../testing/test-weft.ts';

let weft: TestWeft;
let receiver: LoopbackServer;

beforeAll(async () => {
  // The receiver echoes what it got, so a step after the call shows whether the call's body changed.
  receiver = await startLoopbackServer((request) => ({
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ got: request.body === '' ? null : JSON.parse(request.body) }),
  }));
  weft = await startTestWeft({ WEFT_ENCRYPTION_KEY: randomBytes(32).toString('base64'), WEFT_ALLOW_PRIVATE_DELIVERY_URLS: '127.0.0.0/8' });
});
afterAll(async () => {
  await weft?.stop();
  await receiver?.close();
});

// Test-side view of the answer, parsed rather than cast.
const changeSchema = z.object({ kind: z.string(), path: z.string(), before: z.unknown().optional(), after: z.unknown().optional() });
const sideSchema = z.object({ status: z.string(), input: z.unknown(), output: z.unknown(), logs: z.array(z.object({ message: z.string() })) });
const nodeSchema = z.object({
  nodeId: z.string(),
  verdict: z.string(),
  settingsChanged: z.boolean(),
  notSent: z.object({ wouldSend: z.unknown(), reusedPastOutput: z.boolean() }).nullable(),
  before: sideSchema.nullable(),
  after: sideSchema.nullable(),
  outputChanges: z.array(changeSchema),
  inputChanges: z.array(changeSchema),
});
const trySchema = z.object({
  flowId: z.string(),
  allowSideEffects: z.boolean(),
  results: z.array(
    z.object({
      executionId: z.string(),
      status: z.string(),
      pastStatus: z.string(),
      error: z.object({ nodeId: z.string().nullable(), code: z.string() }).nullable(),
      counts: z.record(z.string(), z.number()),
      nodes: z.array(nodeSchema),
    }),
  ),
});

type Tried = z.infer<typeof trySchema>;

function nodeOf(result: Tried['results'][number] | undefined, nodeId: string) {
  const node = result?.nodes.find((candidate) => candidate.nodeId === nodeId);
  if (node === undefined) throw new Error(`no comparison for ${nodeId}`);
  return node;
}

async function tryDraft(flowId: string, body: Record<string, unknown>): Promise<Tried> {
  const answer = await weft.api(`/api/flows/${flowId}/try-draft`, { body });
  const json: unknown = await answer.json();
  if (answer.status !== 200) throw new Error(`${answer.status}: ${JSON.stringify(json)}`);
  return trySchema.parse(json);
}

type FlowJson = { id: string; nodes: Record<string, unknown>[]; edges: unknown[] } & Record<string, unknown>;

async function saveDraft(document: FlowJson): Promise<void> {
  const current = z.object({ draftRevision: z.number() }).parse(await (await weft.api(`/api/flows/${document.id}`)).json());
  const saved = await weft.api(`/api/flows/${document.id}`, { method: 'PUT', body: { document, baseRevision: current.draftRevision } });
  expect(saved.status).toBe(200);
}

async function publish(document: FlowJson): Promise<void> {
  expect((await weft.api('/api/flows/import', { body: document })).status).toBe(201);
  expect((await weft.api(`/api/flows/${document.id}/publish`, { method: 'POST' })).status).toBe(200);
}

async function executionCount(flowId: string): Promise<number> {
  return z.object({ items: z.array(z.unknown()) }).parse(await (await weft.api(`/api/executions?flowId=${flowId}`)).json()).items.length;
}

const edge = (from: string, to: string) => ({ from: { node: from, port: 'out' }, to: { node: to, port: 'in' } });

/** webhook → shape → notify (HTTP POST) → announce (emit) → confirm, which reads the HTTP answer. */
function ordersFlow(total: string): FlowJson {
  return {
    formatVersion: 1,
    id: 'orders',
    name: 'Orders',
    nodes: [
      { id: 'incoming', type: 'core.webhook', typeVersion: 1, params: {} },
      { id: 'shape', type: 'core.map', typeVersion: 1, params: { output: { orderId: '=$.body.id', total } } },
      { id: 'notify', type: 'core.http', typeVersion: 1, params: { method: 'POST', url: `${receiver.url}/notify`, body: '=$' } },
      { id: 'announce', type: 'core.emit', typeVersion: 1, params: { type: 'order.seen', data: '=$nodes.shape' } },
      { id: 'confirm', type: 'core.map', typeVersion: 1, params: { output: { confirmedTotal: '=$nodes.notify.body.got.total' } } },
    ],
    edges: [edge('incoming', 'shape'), edge('shape', 'notify'), edge('notify', 'announce'), edge('announce', 'confirm')],
  };
}

describe('POST /api/flows/:id/try-draft', () => {
  let pastIds: string[] = [];
  let subscriptionId = '';
  const deliveries = async () => (await deliveryApi(weft).deliveries(subscriptionId)).items.length;

  beforeAll(async () => {
    subscriptionId = (await deliveryApi(weft).subscribe({ url: `${receiver.url}/subscriber`, eventTypes: ['order.*'] })).id;
    await publish(ordersFlow('=$.body.amount'));
    for (const order of [{ id: 1, amount: 10 }, { id: 2, amount: 20 }]) {
      const answer = await fetch(`${weft.url}/hooks/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) });
      const { executionId } = z.object({ executionId: z.string() }).parse(await answer.json());
      expect(await weft.executionWhen(executionId)).toMatchObject({ status: 'succeeded' });
      pastIds.push(executionId);
    }
    // The change under test: the draft now doubles the total.
    await saveDraft(ordersFlow('=$.body.amount * 2'));
  });

  it('runs the draft on past events without sending anything, and shows which steps changed', async () => {
    const calls = receiver.requests.length;
    const published = await deliveries();
    const tried = await tryDraft('orders', { executionIds: pastIds });

    expect(receiver.requests.length).toBe(calls);
    expect(await deliveries()).toBe(published);
    expect(await executionCount('orders')).toBe(2);
    expect(tried.allowSideEffects).toBe(false);
    expect(tried.results.map((result) => [result.executionId, result.status, result.pastStatus])).toEqual(pastIds.map((id) => [id, 'succeeded', 'succeeded']));

    const first = tried.results[0];
    expect(first?.nodes.map((node) => [node.nodeId, node.verdict])).toEqual([
      ['incoming', 'unchanged'],
      ['shape', 'changed'],
      ['notify', 'changed'],
      ['announce', 'unchanged'],
      ['confirm', 'unchanged'],
    ]);
    expect(nodeOf(first, 'shape').outputChanges).toEqual([{ kind: 'changed', path: '$.total', before: 10, after: 20 }]);
    const notify = nodeOf(first, 'notify');
    expect(notify.notSent).toEqual({ reusedPastOutput: true, wouldSend: expect.objectContaining({ method: 'POST', url: `${receiver.url}/notify`, body: { orderId: 1, total: 20 } }) });
    expect(notify.inputChanges).toEqual([{ kind: 'changed', path: '$.total', before: 10, after: 20 }]);
    // Not sent, it passes on the answer it got then, so the steps after it see real data.
    expect(notify.after?.output).toEqual(notify.before?.output);
    expect(notify.after?.logs.map((entry) => entry.message).join('\n')).toContain('Not sent');
    expect(nodeOf(first, 'announce').notSent?.reusedPastOutput).toBe(true);
    expect(nodeOf(first, 'confirm').after?.output).toEqual({ confirmedTotal: 10 });
    expect(first?.counts).toMatchObject({ unchanged: 3, changed: 2, failed: 0 });
  });

  it('sends exactly the calls of the events tried when side effects are allowed', async () => {
    const calls = receiver.requests.length;
    const published = await deliveries();
    const tried = await tryDraft('orders', { executionIds: [pastIds[1]], allowSideEffects: true });

    const sent = receiver.requests.slice(calls).filter((request) => request.path === '/notify');
    expect(sent.map((request) => JSON.parse(request.body))).toEqual([{ orderId: 2, total: 40 }]);
    expect(await deliveries()).toBe(published + 1);
    expect(await executionCount('orders')).toBe(2);

    const result = tried.results[0];
    expect(nodeOf(result, 'notify')).toMatchObject({ verdict: 'changed', notSent: null });
    // The answer really came again: its Date header differs too.
    expect(nodeOf(result, 'notify').outputChanges).toContainEqual({ kind: 'changed', path: '$.body.got.total', before: 20, after: 40 });
    expect(nodeOf(result, 'confirm')).toMatchObject({ verdict: 'changed', outputChanges: [{ kind: 'changed', path: '$.confirmedTotal', before: 20, after: 40 }] });
  });
});

describe('nodes added, removed, failing and not reached', () => {
  const chain = (nodes: [string, Record<string, unknown>][]): FlowJson => ({
    formatVersion: 1,
    id: 'chain',
    name: 'Chain',
    nodes: nodes.map(([id, output]) => (id === 'start' ? { id, type: 'core.manual', typeVersion: 1 } : { id, type: 'core.map', typeVersion: 1, params: { output } })),
    edges: nodes.slice(1).map(([id], index) => edge(nodes[index]?.[0] ?? '', id)),
  });

  it('tells each apart', async () => {
    await publish(chain([['start', {}], ['a', { n: '=$.n' }], ['b', { n: '=$.n + 1' }], ['c', { n: '=$.n' }], ['e', { n: '=$.n' }]]));
    const run = await weft.api('/api/flows/chain/run', { body: { payload: { n: 1 }, version: 'published' } });
    const past = z.object({ id: z.string(), status: z.string() }).parse(await run.json());
    expect(past.status).toBe('succeeded');
    await saveDraft(chain([['start', {}], ['a', { n: '=$.n' }], ['b', { n: '=$error("the total is missing")' }], ['c', { n: '=$.n' }], ['d', { n: '=$.n' }]]));

    const result = (await tryDraft('chain', { executionIds: [past.id] })).results[0];
    expect(result).toMatchObject({ status: 'failed', error: { nodeId: 'b' } });
    expect(result?.nodes.map((node) => [node.nodeId, node.verdict])).toEqual([
      ['start', 'unchanged'],
      ['a', 'unchanged'],
      ['b', 'failed'],
      ['c', 'notReached'],
      ['d', 'added'],
      ['e', 'removed'],
    ]);
    expect(nodeOf(result, 'b')).toMatchObject({ settingsChanged: true, after: { status: 'failed' }, before: { status: 'succeeded', output: { n: 2 } } });
    expect(nodeOf(result, 'e')).toMatchObject({ after: null, before: { output: { n: 2 } } });
  });

  it('finds the trigger of a past event when the draft renamed it', async () => {
    const past = z.object({ items: z.array(z.object({ id: z.string() })) }).parse(await (await weft.api('/api/executions?flowId=chain')).json()).items;
    await saveDraft({ ...chain([['begin', {}], ['a', { n: '=$.n' }]]), nodes: [{ id: 'begin', type: 'core.manual', typeVersion: 1 }, { id: 'a', type: 'core.map', typeVersion: 1, params: { output: { n: '=$.n' } } }] });
    const result = (await tryDraft('chain', { executionIds: past.map((item) => item.id) })).results[0];
    expect(result).toMatchObject({ status: 'succeeded' });
    expect(nodeOf(result, 'begin').verdict).toBe('added');
    expect(nodeOf(result, 'a').verdict).toBe('unchanged');
    expect(nodeOf(result, 'start').verdict).toBe('removed');
  });

  it('does not run an event the draft has no trigger for, and says so', async () => {
    const past = z.object({ items: z.array(z.object({ id: z.string() })) }).parse(await (await weft.api('/api/executions?flowId=chain')).json()).items;
    const hooked = chain([['hook', {}], ['a', { n: '=$.n' }]]);
    await saveDraft({ ...hooked, nodes: [{ id: 'hook', type: 'core.webhook', typeVersion: 1, params: {} }, ...hooked.nodes.slice(1)] });
    const result = (await tryDraft('chain', { executionIds: past.map((item) => item.id) })).results[0];
    expect(result).toMatchObject({ status: 'not_run', error: { code: 'trigger_not_in_draft', nodeId: 'start' } });
    expect(nodeOf(result, 'a').verdict).toBe('notReached');
  });
});

describe('refusals', () => {
  it.each([
    ['an unknown flow', '/api/flows/nope/try-draft', { executionIds: ['00000000-0000-4000-8000-000000000000'] }, 404, 'flow_not_found'],
    ['an empty list', '/api/flows/orders/try-draft', { executionIds: [] }, 400, 'invalid_request'],
    ['more than twenty events', '/api/flows/orders/try-draft', { executionIds: Array.from({ length: 21 }, (_, index) => `id-${index}`) }, 400, 'invalid_request'],
    ['an unknown execution', '/api/flows/orders/try-draft', { executionIds: ['00000000-0000-4000-8000-000000000000'] }, 404, 'execution_not_found'],
    ['an id that is no execution id', '/api/flows/orders/try-draft', { executionIds: ['not-a-uuid'] }, 404, 'execution_not_found'],
  ])('refuses %s', async (_name, path, body, status, code) => {
    const answer = await weft.api(path, { body });
    expect(answer.status).toBe(status);
    expect(await answer.json()).toMatchObject({ error: { code } });
  });

  it('refuses an execution of another flow', async () => {
    const other = z.object({ items: z.array(z.object({ id: z.string() })) }).parse(await (await weft.api('/api/executions?flowId=chain')).json()).items[0]?.id;
    const answer = await weft.api('/api/flows/orders/try-draft', { body: { executionIds: [other] } });
    expect(answer.status).toBe(422);
    expect(await answer.json()).toMatchObject({ error: { code: 'execution_of_other_flow', details: { executionIds: [other] } } });
  });

  it('refuses an execution that has not finished', async () => {
    await publish({
      formatVersion: 1,
      id: 'slow',
      name: 'Slow',
      nodes: [
        { id: 'start', type: 'core.manual', typeVersion: 1 },
        { id: 'pause', type: 'core.delay', typeVersion: 1, params: { amount: 1, unit: 'hours' } },
      ],
      edges: [edge('start', 'pause')],
    });
    const queued = await weft.api('/api/flows/slow/run', { body: { payload: {}, version: 'published', wait: false } });
    const { executionId } = z.object({ executionId: z.string() }).parse(await queued.json());
    await weft.executionWhen(executionId, ['waiting']);
    const answer = await weft.api('/api/flows/slow/try-draft', { body: { executionIds: [executionId] } });
    expect(answer.status).toBe(422);
    expect(await answer.json()).toMatchObject({ error: { code: 'execution_not_finished', details: { executionIds: [executionId] } } });
  });

  it('refuses a draft that cannot run, listing its problems', async () => {
    const past = z.object({ items: z.array(z.object({ id: z.string() })) }).parse(await (await weft.api('/api/executions?flowId=orders')).json()).items[0]?.id;
    const broken = ordersFlow('=$.body.amount');
    await saveDraft({ ...broken, edges: [...broken.edges, edge('confirm', 'ghost')] });
    const answer = await weft.api('/api/flows/orders/try-draft', { body: { executionIds: [past] } });
    expect(answer.status).toBe(422);
    expect(await answer.json()).toMatchObject({ error: { code: 'invalid_flow', details: { problems: [expect.objectContaining({ code: expect.any(String) })] } } });
  });
});
