import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../json.ts';
import { flowOf, nodeOf } from '../testing/flow-builder.ts';
import { runFlow, statuses, stepOf, testEngine } from '../testing/test-engine.ts';
import { countingNode, crashingNode, failingNode, strayPortNode } from '../testing/test-nodes.ts';

const start = nodeOf('start', 'core.manual');

describe('a linear flow', () => {
  const engine = testEngine();
  const flow = flowOf(
    [start, nodeOf('total', 'core.map', { output: { sku: '=$.sku', total: '=$.price * $.qty' } }), nodeOf('reply', 'core.respond', { body: '=$' })],
    ['start.out->total.in', 'total.out->reply.in'],
  );
  const payload = { sku: 'A1', price: 5, qty: 3 };

  it('succeeds with one step per node, in order', async () => {
    const result = await runFlow(engine, flow, payload);

    expect(result.status).toBe('succeeded');
    expect(result.error).toBeNull();
    expect(result.steps.map((step) => step.nodeId)).toEqual(['start', 'total', 'reply']);
  });

  it('records what each step received and emitted', async () => {
    const result = await runFlow(engine, flow, payload);

    expect(stepOf(result, 'start')).toMatchObject({ nodeType: 'core.manual', status: 'succeeded', input: payload, output: payload, ports: ['out'] });
    expect(stepOf(result, 'total')).toMatchObject({
      nodeType: 'core.map',
      status: 'succeeded',
      input: payload,
      output: { sku: 'A1', total: 15 },
      ports: ['out'],
      error: null,
      attempts: 1,
    });
    expect(stepOf(result, 'reply').input).toEqual({ sku: 'A1', total: 15 });
  });

  it('records consistent timings', async () => {
    const result = await runFlow(engine, flow, payload);

    for (const step of result.steps) {
      const started = Date.parse(step.startedAt);
      const finished = Date.parse(step.finishedAt);
      expect(new Date(started).toISOString()).toBe(step.startedAt);
      expect(finished).toBeGreaterThanOrEqual(started);
      expect(step.durationMs).toBe(finished - started);
    }
  });

  it('answers with the respond step', async () => {
    const result = await runFlow(engine, flow, payload);

    expect(result.response).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"sku":"A1","total":15}',
    });
  });
});

describe('branches', () => {
  const engine = testEngine();
  const flow = flowOf(
    [
      start,
      nodeOf('check', 'core.filter', { condition: '=$.paid' }),
      nodeOf('accepted', 'core.map', { output: 'accepted' }),
      nodeOf('notify', 'core.map', { output: '=$ & " and notified"' }),
      nodeOf('rejected', 'core.map', { output: 'rejected' }),
    ],
    ['start.out->check.in', 'check.true->accepted.in', 'accepted.out->notify.in', 'check.false->rejected.in'],
  );

  it.each([
    { paid: true, port: 'true', ran: ['accepted', 'notify'], skipped: ['rejected'] },
    { paid: false, port: 'false', ran: ['rejected'], skipped: ['accepted', 'notify'] },
  ])('when paid is $paid, only the "$port" branch runs', async ({ paid, port, ran, skipped }) => {
    const result = await runFlow(engine, flow, { paid });

    expect(result.status).toBe('succeeded');
    expect(stepOf(result, 'check').ports).toEqual([port]);
    for (const nodeId of ran) expect(stepOf(result, nodeId).status).toBe('succeeded');
    for (const nodeId of skipped) {
      expect(stepOf(result, nodeId)).toMatchObject({ status: 'skipped', input: null, output: null, ports: [], error: null, attempts: 0 });
    }
  });

  it('lets exclusive branches join again', async () => {
    const joined = flowOf(
      [
        start,
        nodeOf('check', 'core.filter', { condition: '=$.paid' }),
        nodeOf('yes', 'core.map', { output: 'paid' }),
        nodeOf('no', 'core.map', { output: 'unpaid' }),
        nodeOf('join', 'core.map', { output: '=$' }),
      ],
      ['start.out->check.in', 'check.true->yes.in', 'check.false->no.in', 'yes.out->join.in', 'no.out->join.in'],
    );

    const result = await runFlow(engine, joined, { paid: false });

    expect(statuses(result)).toEqual({ start: 'succeeded', check: 'succeeded', yes: 'skipped', no: 'succeeded', join: 'succeeded' });
    expect(stepOf(result, 'join').output).toBe('unpaid');
  });

  it('fails a node reached from two upstream nodes at once with ambiguous_input', async () => {
    const fanIn = flowOf(
      [start, nodeOf('left', 'core.map', { output: 1 }), nodeOf('right', 'core.map', { output: 2 }), nodeOf('join', 'core.map', { output: '=$' })],
      ['start.out->left.in', 'start.out->right.in', 'left.out->join.in', 'right.out->join.in'],
    );

    const result = await runFlow(engine, fanIn, {});

    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ nodeId: 'join', code: 'ambiguous_input' });
    expect(result.error?.message).toMatch(/left and right/);
    expect(stepOf(result, 'join').status).toBe('failed');
  });
});

describe('a failing step', () => {
  interface FailureCase {
    why: string;
    node: JsonObject;
    code: string;
    message: RegExp;
    retryable: boolean;
  }

  const failures: FailureCase[] = [
    { why: 'a node reporting a failure', node: nodeOf('step', 'test.fail'), code: 'upstream_refused', message: /the far end refused/, retryable: true },
    { why: 'a node throwing', node: nodeOf('step', 'test.crash'), code: 'node_error', message: /cannot read properties of undefined/, retryable: false },
    {
      why: 'an expression failing',
      node: nodeOf('step', 'core.map', { output: { amount: '=$number("twelve")' } }),
      code: 'expression_error',
      message: /^params\.output\.amount: .*twelve/,
      retryable: false,
    },
    {
      why: 'params invalid once evaluated',
      node: nodeOf('step', 'core.http', { url: 'https://example.com', timeoutMs: '="soon"' }),
      code: 'invalid_params',
      message: /params\.timeoutMs/,
      retryable: false,
    },
    { why: 'a node emitting on an unknown port', node: nodeOf('step', 'test.strayPort'), code: 'invalid_port', message: /nowhere/, retryable: false },
  ];

  it.each(failures)('fails the execution at the step on $why ($code), and nothing after runs', async ({ node, code, message, retryable }) => {
    const after = countingNode();
    const engine = testEngine({ nodes: [failingNode, crashingNode, strayPortNode, after.node] });
    const flow = flowOf([start, nodeOf('before', 'core.map', { output: '=$' }), node, nodeOf('after', 'test.count')], [
      'start.out->before.in',
      'before.out->step.in',
      'step.out->after.in',
    ]);

    const result = await runFlow(engine, flow, { id: 1 });

    expect(result.status).toBe('failed');
    expect(result.error).toEqual({ nodeId: 'step', code, message: expect.stringMatching(message) });
    expect(result.steps.map((step) => step.nodeId)).toEqual(['start', 'before', 'step']);
    expect(stepOf(result, 'step')).toMatchObject({ status: 'failed', input: { id: 1 }, output: null, ports: [], error: { code, retryable } });
    expect(after.counter.calls).toBe(0);
  });
});

describe('expression bindings', () => {
  it('reads the trigger, finished steps, the input and the execution', async () => {
    const engine = testEngine();
    const flow = flowOf(
      [
        start,
        nodeOf('first', 'core.map', { output: { x: 1 } }),
        nodeOf('second', 'core.map', {
          output: {
            orderId: '=$trigger.order.id',
            fromFirst: '=$nodes.first.x',
            input: '=$input.x',
            dollar: '=$.x',
            executionId: '=$execution.id',
            flowId: '=$execution.flowId',
            flowVersion: '=$execution.flowVersion',
          },
        }),
      ],
      ['start.out->first.in', 'first.out->second.in'],
    );

    const result = await runFlow(engine, flow, { order: { id: 7 } });

    expect(stepOf(result, 'second').output).toEqual({
      orderId: 7,
      fromFirst: 1,
      input: 1,
      dollar: 1,
      executionId: 'exec_1',
      flowId: 'test-flow',
      flowVersion: 3,
    });
  });
});

describe('triggers', () => {
  const engine = testEngine();
  const flow = flowOf(
    [
      nodeOf('hook', 'core.webhook'),
      nodeOf('fromHook', 'core.map', { output: '="hook: " & $.body' }),
      nodeOf('manual', 'core.manual'),
      nodeOf('fromManual', 'core.map', { output: '="manual: " & $.body' }),
    ],
    ['hook.out->fromHook.in', 'manual.out->fromManual.in'],
  );

  it.each([
    { triggerNodeId: 'hook', other: 'manual', output: 'hook: hi' },
    { triggerNodeId: 'manual', other: 'hook', output: 'manual: hi' },
  ])('starts at $triggerNodeId and skips $other and what follows it', async ({ triggerNodeId, other, output }) => {
    const result = await runFlow(engine, flow, { body: 'hi' }, { triggerNodeId });

    expect(result.status).toBe('succeeded');
    expect(stepOf(result, triggerNodeId).status).toBe('succeeded');
    expect(stepOf(result, other).status).toBe('skipped');
    const outputs = result.steps.filter((step) => step.status === 'succeeded' && step.nodeType === 'core.map').map((step) => step.output);
    expect(outputs).toEqual([output]);
  });

  it('starts at the first trigger in the document when none is named', async () => {
    const result = await runFlow(engine, flow, { body: 'hi' });

    expect(statuses(result)).toEqual({ hook: 'succeeded', fromHook: 'succeeded', manual: 'skipped', fromManual: 'skipped' });
  });

  it('refuses a trigger the flow does not have', async () => {
    await expect(runFlow(engine, flow, {}, { triggerNodeId: 'fromHook' })).rejects.toMatchObject({ code: 'unknown_trigger' });
  });
});
