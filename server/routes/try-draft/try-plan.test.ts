import { createEngine, createNodeRegistry, type Engine, type Json, type NodeDefinition, silentLogger, type StepRecord, systemClock, unavailableCode } from '@weft/engine';
import { builtinPacks } from '@weft/nodes';
import { defineNode } from '@weft/nodes/sdk';
import { fetchHttpPort, type LoopbackServer, startLoopbackServer } from '@weft/nodes/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { planForTry } from './try-plan.ts';

// A node that calls out without declaring `sideEffects`, as a careless third-party pack might.
const undeclaredCaller = defineNode({
  type: 'test.undeclaredCaller',
  typeVersion: 1,
  displayName: 'Calls out quietly',
  description: 'GETs a URL without declaring side effects.',
  category: 'Test',
  params: z.object({ url: z.string() }),
  run: async ({ params, http }) => {
    const response = await http.request({ method: 'GET', url: params.url, headers: {}, timeoutMs: 5_000 });
    return { output: response.status };
  },
});

// A delay: waits an hour, then passes its input on with what it kept.
const hourDelay = defineNode({
  type: 'test.hourDelay',
  typeVersion: 1,
  displayName: 'Waits an hour',
  description: 'Asks to be run again in an hour.',
  category: 'Test',
  params: z.object({}),
  run: async ({ input, resumed, clock }) => {
    if (resumed === undefined) return { wait: { until: new Date(clock.now().getTime() + 3_600_000), state: 'kept' } };
    return { output: { input, kept: resumed.state } };
  },
});

let receiver: LoopbackServer;
let engine: Engine;

beforeAll(async () => {
  receiver = await startLoopbackServer(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"live":true}' }));
  const definitions: NodeDefinition[] = [...builtinPacks.flatMap((pack) => pack.nodes), undeclaredCaller, hourDelay];
  engine = createEngine({ registry: createNodeRegistry(definitions), ports: { http: fetchHttpPort(), clock: systemClock, logger: silentLogger, code: unavailableCode } });
});
afterAll(async () => {
  await receiver?.close();
});

const flowWith = (node: Record<string, unknown>) => ({
  formatVersion: 1,
  id: 'tried',
  name: 'Tried',
  nodes: [{ id: 'start', type: 'core.manual', typeVersion: 1 }, { id: 'step', typeVersion: 1, ...node }],
  edges: [{ from: { node: 'start', port: 'out' }, to: { node: 'step', port: 'in' } }],
});

async function tryFlow(document: unknown, options: { allowSideEffects: boolean; pastSteps?: StepRecord[] }, payload: Json = { order: 7 }) {
  const tried = planForTry(engine.plan(document), { allowSideEffects: options.allowSideEffects, pastSteps: new Map((options.pastSteps ?? []).map((step) => [step.nodeId, step])) });
  const result = await engine.execute({ plan: tried.plan, execution: { id: 'try-1', flowId: 'tried', flowVersion: null }, payload, suspendAfterMs: 1_000 });
  return { result, heldBack: tried.heldBack, step: result.steps.find((step) => step.nodeId === 'step') };
}

describe('planForTry', () => {
  it('refuses calls from a node that does not declare side effects, and lets them through when allowed', async () => {
    const document = flowWith({ type: 'test.undeclaredCaller', params: { url: `${receiver.url}/quiet` } });
    const refused = await tryFlow(document, { allowSideEffects: false });
    expect(refused.step).toMatchObject({ status: 'failed', error: { code: 'not_sent_in_try' } });
    expect(receiver.requests).toHaveLength(0);

    const allowed = await tryFlow(document, { allowSideEffects: true });
    expect(allowed.step).toMatchObject({ status: 'succeeded', output: 200 });
    expect(receiver.requests.map((request) => request.path)).toEqual(['/quiet']);
  });

  it('holds back a declared call with no past answer, passing its input on and keeping what it would send', async () => {
    const calls = receiver.requests.length;
    const document = flowWith({ type: 'core.http', params: { method: 'POST', url: `${receiver.url}/held`, body: { id: '=$.order' } } });
    const held = await tryFlow(document, { allowSideEffects: false });
    expect(held.step).toMatchObject({ status: 'succeeded', output: { order: 7 } });
    expect(held.heldBack.get('step')).toMatchObject({ reusedPastOutput: false, wouldSend: { method: 'POST', url: `${receiver.url}/held`, body: { id: 7 } } });
    expect(receiver.requests.length).toBe(calls);
  });

  it('lets a wait for a time pass at once', async () => {
    const { result, step } = await tryFlow(flowWith({ type: 'test.hourDelay', params: {} }), { allowSideEffects: false });
    expect(result.status).toBe('succeeded');
    expect(step?.output).toEqual({ input: { order: 7 }, kept: 'kept' });
    expect(step?.logs.map((entry) => entry.message).join('\n')).toContain('a try goes on at once');
  });
});
