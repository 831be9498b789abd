import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Json } from '../json.ts';
import type { NodeDefinition, Resumption } from '../node-contract.ts';
import { flowOf, nodeOf } from '../testing/flow-builder.ts';
import { runFlow, stepOf, testEngine } from '../testing/test-engine.ts';
import type { ResumedWait } from './records.ts';

/** Asks to wait `waitMs` (or for `signal`) on its first run; on the second, outputs what it got back. */
function waitingNode(wait: { waitMs?: number; signal?: string; state?: Json }): { node: NodeDefinition; runs: (Resumption | undefined)[] } {
  const runs: (Resumption | undefined)[] = [];
  const node: NodeDefinition = {
    type: 'test.wait',
    typeVersion: 1,
    displayName: 'Wait',
    description: 'Waits once.',
    category: 'Testing',
    trigger: false,
    params: z.object({}),
    inputs: ['in'],
    outputs: ['out'],
    run: async ({ resumed, clock }) => {
      runs.push(resumed);
      if (resumed !== undefined) return { output: { state: resumed.state, signal: resumed.signal ?? null } };
      const until = wait.waitMs === undefined ? undefined : new Date(clock.now().getTime() + wait.waitMs);
      return { wait: { ...(until === undefined ? {} : { until }), ...(wait.signal === undefined ? {} : { signal: wait.signal }), state: wait.state ?? null } };
    },
  };
  return { node, runs };
}

const flow = flowOf([nodeOf('start', 'core.manual'), nodeOf('hold', 'test.wait'), nodeOf('after', 'core.map', { output: '=$' })], ['start.out->hold.in', 'hold.out->after.in']);

describe('a node that asks to wait', () => {
  it('waits in process when the wait is short, then runs again with its state', async () => {
    const { node, runs } = waitingNode({ waitMs: 30, state: { kept: true } });
    const result = await runFlow(testEngine({ nodes: [node] }), flow, {}, { suspendAfterMs: 1_000 });
    expect(result.status).toBe('succeeded');
    expect(stepOf(result, 'after').output).toEqual({ state: { kept: true }, signal: null });
    expect(runs).toEqual([undefined, { state: { kept: true } }]);
    expect(stepOf(result, 'hold').attempts).toBe(1);
  });

  it('suspends the execution when the wait is long, reporting the step, the time and the state', async () => {
    const { node } = waitingNode({ waitMs: 60_000, state: { step: 1 } });
    const before = Date.now();
    const result = await runFlow(testEngine({ nodes: [node] }), flow, {}, { suspendAfterMs: 1_000 });
    expect(result).toMatchObject({ status: 'waiting', error: null, waits: [{ nodeId: 'hold', attempts: 0, node: { state: { step: 1 } } }] });
    expect(Date.parse(result.waits[0]?.resumeAt ?? '')).toBeGreaterThanOrEqual(before + 60_000);
    expect(result.steps.map((step) => step.nodeId)).toEqual(['start']);
  });

  it('suspends at once when waiting for a signal, with no resume time unless it has a deadline', async () => {
    const { node } = waitingNode({ signal: 'thing:1' });
    const result = await runFlow(testEngine({ nodes: [node] }), flow, {});
    expect(result).toMatchObject({ status: 'waiting', waits: [{ nodeId: 'hold', resumeAt: null, node: { signal: 'thing:1', state: null } }] });
  });

  it('finishes the step when resumed with the signal payload, keeping earlier steps', async () => {
    const { node, runs } = waitingNode({ signal: 'thing:1' });
    const engine = testEngine({ nodes: [node] });
    const first = await runFlow(engine, flow, { n: 1 });
    const resume: ResumedWait = { nodeId: 'hold', attempts: 0, resumeAt: null, node: { signal: 'thing:1', state: { step: 1 } }, signalPayload: { answer: 42 } };
    const second = await runFlow(engine, flow, { n: 1 }, { finishedSteps: first.steps, resume: [resume] });
    expect(second.status).toBe('succeeded');
    expect(stepOf(second, 'after').output).toEqual({ state: { step: 1 }, signal: { answer: 42 } });
    expect(runs).toEqual([undefined, { state: { step: 1 }, signal: { answer: 42 } }]);
  });

  it('turns a short wait into a suspension when asked to stop meanwhile', async () => {
    const { node } = waitingNode({ waitMs: 5_000 });
    const stopping = new AbortController();
    setTimeout(() => stopping.abort(), 20);
    const result = await runFlow(testEngine({ nodes: [node] }), flow, {}, { suspendAfterMs: 10_000, stopSignal: stopping.signal });
    expect(result).toMatchObject({ status: 'waiting', waits: [{ nodeId: 'hold' }] });
    expect(Date.parse(result.waits[0]?.resumeAt ?? '')).toBeGreaterThan(Date.now() + 4_000);
  });

  it('goes on waiting, without running the node, when resumed before its time and without its signal', async () => {
    const { node, runs } = waitingNode({ signal: 'thing:1' });
    const resume: ResumedWait = { nodeId: 'hold', attempts: 0, resumeAt: null, node: { signal: 'thing:1', state: null } };
    const result = await runFlow(testEngine({ nodes: [node] }), flow, {}, { resume: [resume] });
    expect(result).toMatchObject({ status: 'waiting', waits: [{ nodeId: 'hold', node: { signal: 'thing:1' } }] });
    expect(runs).toEqual([]);
  });

  it('fails the step when the wait names neither a time nor a signal', async () => {
    const { node } = waitingNode({});
    const result = await runFlow(testEngine({ nodes: [node] }), flow, {});
    expect(result).toMatchObject({ status: 'failed', error: { nodeId: 'hold', code: 'invalid_wait' } });
  });
});

describe('a step under a rate limit', () => {
  const callFlow = flowOf(
    [nodeOf('start', 'core.manual'), nodeOf('call', 'test.call', {}, { credentials: { api: 'shop-key' } }), nodeOf('after', 'core.map', { output: '=$' })],
    ['start.out->call.in', 'call.out->after.in'],
  );
  const callNode: NodeDefinition = {
    type: 'test.call',
    typeVersion: 1,
    displayName: 'Call',
    description: 'Stands for a call made with a credential.',
    category: 'Testing',
    trigger: false,
    params: z.object({}),
    inputs: ['in'],
    outputs: ['out'],
    credentials: { api: { types: ['test.key'], optional: false } },
    run: async () => ({ output: 'called' }),
  };
  /** Turns handed out in order, `gapMs` apart, starting now; each reservation is logged. */
  function turns(gapMs: number) {
    const taken: string[] = [];
    let next = Date.now();
    const port = {
      reserve: async (credentialId: string) => {
        taken.push(credentialId);
        const at = new Date(next);
        next += gapMs;
        return at;
      },
    };
    const credentials = {
      resolve: async () => ({ type: 'test.key', values: {}, secrets: [] }),
      refresh: async () => ({ type: 'test.key', values: {}, secrets: [] }),
    };
    return { taken, ports: { rateLimits: port, credentials } };
  }

  it('takes a turn before its call and waits for it in process when it comes soon', async () => {
    const limits = turns(40);
    const engine = testEngine({ nodes: [callNode], ports: limits.ports });
    const first = await runFlow(engine, callFlow, {}, { suspendAfterMs: 1_000 });
    const second = await runFlow(engine, callFlow, {}, { suspendAfterMs: 1_000 });
    expect([first.status, second.status]).toEqual(['succeeded', 'succeeded']);
    expect(limits.taken).toEqual(['shop-key', 'shop-key']);
  });

  it('suspends until its turn when it is far off, and then goes without taking another', async () => {
    const limits = turns(60_000);
    const engine = testEngine({ nodes: [callNode], ports: limits.ports });
    await runFlow(engine, callFlow, {}, { suspendAfterMs: 1_000 });
    const waiting = await runFlow(engine, callFlow, {}, { suspendAfterMs: 1_000 });
    expect(waiting).toMatchObject({ status: 'waiting', error: null, waits: [{ nodeId: 'call', turnTaken: true, attempts: 0 }] });
    const due = waiting.waits.map((wait) => ({ ...wait, resumeAt: new Date().toISOString() }));
    const resumed = await runFlow(engine, callFlow, {}, { finishedSteps: waiting.steps, resume: due, suspendAfterMs: 1_000 });
    expect(resumed.status).toBe('succeeded');
    expect(limits.taken).toHaveLength(2);
  });
});
