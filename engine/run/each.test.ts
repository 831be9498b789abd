import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode } from '../../nodes/sdk/index.ts';
import { ValidationError } from '../errors.ts';
import { edgeOf, flowOf, nodeOf } from '../testing/flow-builder.ts';
import { runFlow, statuses, stepOf, testEngine } from '../testing/test-engine.ts';
import { countingNode } from '../testing/test-nodes.ts';
import type { ResumedWait } from './records.ts';

const base = { typeVersion: 1, displayName: 'Test node', description: 'Used by loop tests.', category: 'Testing' };

/** Outputs its input with the idempotency key it was given, after a turn of the event loop, counting how many run at once. */
function concurrentNode() {
  const seen = { running: 0, most: 0, keys: [] as string[] };
  const node = defineNode({
    ...base,
    type: 'test.slow',
    params: z.strictObject({}),
    run: async ({ input, idempotencyKey }) => {
      seen.running += 1;
      seen.most = Math.max(seen.most, seen.running);
      seen.keys.push(idempotencyKey);
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.running -= 1;
      return { output: input };
    },
  });
  return { node, seen };
}

/** Asks to wait an hour on its first run; on its second, outputs its input. */
const hourWaitNode = defineNode({
  ...base,
  type: 'test.hour',
  params: z.strictObject({}),
  run: async ({ input, resumed, clock }) => (resumed === undefined ? { wait: { until: new Date(clock.now().getTime() + 3_600_000) } } : { output: input }),
});

/** start → each(items) → [body] ; each.done → after */
function loopFlow(eachParams: Record<string, unknown>, body: Record<string, unknown>[], bodyEdges: string[]) {
  return flowOf(
    [nodeOf('start', 'core.manual'), nodeOf('each', 'core.each', eachParams as never), ...(body as never[]), nodeOf('after', 'core.map', { output: '=$' })],
    ['start.out->each.in', 'each.done->after.in', ...bodyEdges],
  );
}

describe('core.each', () => {
  it('runs its body once per item and continues with the results, in item order', async () => {
    const flow = loopFlow({ items: '=$.lines', concurrency: 1 }, [nodeOf('price', 'core.map', { output: { sku: '=$.sku', total: '=$.qty * $.unit' } })], ['each.item->price.in']);
    const result = await runFlow(testEngine(), flow, { lines: [{ sku: 'a', qty: 2, unit: 5 }, { sku: 'b', qty: 1, unit: 7 }] });
    expect(result.status).toBe('succeeded');
    expect(stepOf(result, 'after').output).toEqual([{ sku: 'a', total: 10 }, { sku: 'b', total: 7 }]);
    expect(stepOf(result, 'each')).toMatchObject({ status: 'succeeded', ports: ['done'] });
    const prices = result.steps.filter((step) => step.nodeId === 'price');
    expect(prices.map((step) => [step.item, step.input])).toEqual([
      [0, { sku: 'a', qty: 2, unit: 5 }],
      [1, { sku: 'b', qty: 1, unit: 7 }],
    ]);
  });

  it('lets the body read the current item as $nodes.<loop> and earlier steps as usual', async () => {
    const flow = loopFlow({ items: '=$.ids' }, [nodeOf('tag', 'core.map', { output: '=$nodes.each & "@" & $trigger.shop' })], ['each.item->tag.in']);
    const result = await runFlow(testEngine(), flow, { ids: ['x', 'y'], shop: 'acme' });
    expect(stepOf(result, 'after').output).toEqual(['x@acme', 'y@acme']);
  });

  it('leaves out the items a filter in the body stops', async () => {
    const flow = loopFlow(
      { items: '=$' },
      [nodeOf('big', 'core.filter', { condition: '=$ > 10' }), nodeOf('keep', 'core.map', { output: '=$ * 2' })],
      ['each.item->big.in', 'big.true->keep.in'],
    );
    const result = await runFlow(testEngine(), flow, [5, 20, 7, 30]);
    expect(stepOf(result, 'after').output).toEqual([40, 60]);
  });

  it('collects an object by node id when several end steps ran for an item', async () => {
    const flow = loopFlow(
      {},
      [nodeOf('twice', 'core.map', { output: '=$ * 2' }), nodeOf('thrice', 'core.map', { output: '=$ * 3' })],
      ['each.item->twice.in', 'each.item->thrice.in'],
    );
    const result = await runFlow(testEngine(), flow, [1, 2]);
    expect(stepOf(result, 'after').output).toEqual([{ twice: 2, thrice: 3 }, { twice: 4, thrice: 6 }]);
  });

  it('runs at most `concurrency` items at once, each with its own idempotency key', async () => {
    const { node, seen } = concurrentNode();
    const flow = loopFlow({ concurrency: 3 }, [nodeOf('slow', 'test.slow')], ['each.item->slow.in']);
    const result = await runFlow(testEngine({ nodes: [node] }), flow, [1, 2, 3, 4, 5, 6, 7]);
    expect(stepOf(result, 'after').output).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(seen.most).toBe(3);
    expect(new Set(seen.keys).size).toBe(7);
    expect(seen.keys).toContain('exec_1:slow:6');
  });

  it('fails when an item fails, naming the item and the step, and starts no further item', async () => {
    const counting = countingNode();
    const flow = loopFlow(
      {},
      [nodeOf('check', 'core.map', { output: '=$ = 2 ? $error("two is not allowed") : $' }), nodeOf('count', 'test.count')],
      ['each.item->check.in', 'check.out->count.in'],
    );
    const result = await runFlow(testEngine({ nodes: [counting.node] }), flow, [1, 2, 3]);
    expect(result).toMatchObject({ status: 'failed', error: { nodeId: 'each', code: 'loop_item_failed' } });
    expect(result.error?.message).toContain('item 1 failed at "check"');
    expect(result.error?.message).toContain('two is not allowed');
    expect(counting.counter.calls).toBe(1);
    expect(statuses(result).after).toBeUndefined();
  });

  it('fails with a clear error when the items are not a list', async () => {
    const flow = loopFlow({}, [nodeOf('echo', 'core.map', { output: '=$' })], ['each.item->echo.in']);
    const result = await runFlow(testEngine(), flow, { not: 'a list' });
    expect(result).toMatchObject({ status: 'failed', error: { nodeId: 'each', code: 'not_a_list' } });
  });

  it('does not run again the items a previous run finished', async () => {
    const counting = countingNode();
    const engine = testEngine({ nodes: [counting.node] });
    const flow = loopFlow({}, [nodeOf('count', 'test.count')], ['each.item->count.in']);
    const first = await runFlow(engine, flow, ['a', 'b', 'c']);
    // As if the worker died after items 0 and 1 were checkpointed, before the loop finished.
    const kept = first.steps.filter((step) => step.nodeId === 'start' || (step.nodeId === 'count' && (step.item ?? 9) < 2));
    counting.counter.calls = 0;
    const second = await runFlow(engine, flow, ['a', 'b', 'c'], { finishedSteps: kept });
    expect(counting.counter.calls).toBe(1);
    expect(stepOf(second, 'after').output).toEqual([{ calls: 1 }, { calls: 2 }, { calls: 1 }]);
  });

  it('suspends with the waiting item and resumes it, then goes on to the next item', async () => {
    const engine = testEngine({ nodes: [hourWaitNode] });
    const flow = loopFlow({}, [nodeOf('hold', 'test.hour')], ['each.item->hold.in']);
    const first = await runFlow(engine, flow, ['a', 'b']);
    expect(first).toMatchObject({ status: 'waiting', waits: [{ nodeId: 'hold', item: 0 }] });
    const due: ResumedWait[] = first.waits.map((wait) => ({ ...wait, resumeAt: new Date().toISOString() }));
    const second = await runFlow(engine, flow, ['a', 'b'], { finishedSteps: first.steps, resume: due });
    expect(second).toMatchObject({ status: 'waiting', waits: [{ nodeId: 'hold', item: 1 }] });
    const third = await runFlow(engine, flow, ['a', 'b'], {
      finishedSteps: second.steps,
      resume: second.waits.map((wait) => ({ ...wait, resumeAt: new Date().toISOString() })),
    });
    expect(third.status).toBe('succeeded');
    expect(stepOf(third, 'after').output).toEqual(['a', 'b']);
  });

  it('suspends with every item waiting at once when items run side by side', async () => {
    const flow = loopFlow({ concurrency: 2 }, [nodeOf('hold', 'test.hour')], ['each.item->hold.in']);
    const result = await runFlow(testEngine({ nodes: [hourWaitNode] }), flow, ['a', 'b', 'c']);
    expect(result.waits.map((wait) => wait.item).sort()).toEqual([0, 1]);
  });
});

describe('loop bodies when the flow is checked', () => {
  const plan = (edges: string[], extraNodes: Record<string, unknown>[] = []) =>
    testEngine().plan(
      flowOf(
        [nodeOf('start', 'core.manual'), nodeOf('each', 'core.each'), nodeOf('inside', 'core.map', { output: '=$' }), nodeOf('outside', 'core.map', { output: '=$' }), ...(extraNodes as never[])],
        edges.map(edgeOf),
      ),
    );
  const problemsOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (error instanceof ValidationError) return (error.details as { problems: { code: string }[] }).problems.map((problem) => problem.code);
      throw error;
    }
    return [];
  };

  it.each([
    ['loop_entered_from_outside', ['start.out->each.in', 'each.item->inside.in', 'start.out->inside.in']],
    ['loop_entered_from_outside', ['start.out->each.in', 'each.item->inside.in', 'inside.out->outside.in', 'each.done->outside.in']],
  ])('reports %s', (code, edges) => {
    expect(problemsOf(() => plan(edges))).toContain(code);
  });

  it('reports a loop inside a loop', () => {
    const edges = ['start.out->each.in', 'each.item->inner.in', 'inner.item->inside.in'];
    expect(problemsOf(() => plan(edges, [nodeOf('inner', 'core.each')]))).toContain('nested_loop');
  });

  it('accepts a body entered through the item port, with the flow going on from done', () => {
    expect(problemsOf(() => plan(['start.out->each.in', 'each.item->inside.in', 'each.done->outside.in']))).toEqual([]);
  });
});
