import { describe, expect, it } from 'vitest';
import { flowOf, nodeOf } from '../testing/flow-builder.ts';
import { runFlow, statuses, stepOf, testEngine } from '../testing/test-engine.ts';

const start = nodeOf('start', 'core.manual');
const engine = testEngine();

describe('a join node (core.merge)', () => {
  describe('after exclusive branches (a diamond through a filter)', () => {
    const diamond = (mode: string) =>
      flowOf(
        [
          start,
          nodeOf('check', 'core.filter', { condition: '=$.paid' }),
          nodeOf('yes', 'core.map', { output: 'paid' }),
          nodeOf('no', 'core.map', { output: 'unpaid' }),
          nodeOf('join', 'core.merge', { mode }),
          nodeOf('after', 'core.map', { output: '=$' }),
        ],
        ['start.out->check.in', 'check.true->yes.in', 'check.false->no.in', 'yes.out->join.in', 'no.out->join.in', 'join.out->after.in'],
      );

    it.each([
      { paid: true, mode: 'object', taken: 'yes', skipped: 'no', output: { yes: 'paid' } },
      { paid: false, mode: 'object', taken: 'no', skipped: 'yes', output: { no: 'unpaid' } },
      { paid: true, mode: 'array', taken: 'yes', skipped: 'no', output: ['paid'] },
      { paid: false, mode: 'array', taken: 'no', skipped: 'yes', output: ['unpaid'] },
    ])('when paid is $paid ($mode) it gets only the $taken branch', async ({ paid, mode, taken, skipped, output }) => {
      const result = await runFlow(engine, diamond(mode), { paid });

      expect(result.status).toBe('succeeded');
      expect(statuses(result)).toMatchObject({ [taken]: 'succeeded', [skipped]: 'skipped', join: 'succeeded', after: 'succeeded' });
      expect(stepOf(result, 'join').output).toEqual(output);
      expect(stepOf(result, 'after').output).toEqual(output);
    });
  });

  describe('after parallel branches that are both taken', () => {
    const parallel = (mode: string, edges: string[]) =>
      flowOf(
        [start, nodeOf('left', 'core.map', { output: '=$.a' }), nodeOf('right', 'core.map', { output: '=$.b' }), nodeOf('join', 'core.merge', { mode })],
        ['start.out->left.in', 'start.out->right.in', ...edges],
      );

    it.each([
      { mode: 'object', edges: ['left.out->join.in', 'right.out->join.in'], output: { left: 1, right: 2 } },
      { mode: 'array', edges: ['left.out->join.in', 'right.out->join.in'], output: [1, 2] },
      { mode: 'array', edges: ['right.out->join.in', 'left.out->join.in'], output: [2, 1] },
    ])('waits for both and combines them as $mode in edge order ($edges)', async ({ mode, edges, output }) => {
      const result = await runFlow(engine, parallel(mode, edges), { a: 1, b: 2 });

      expect(result.status).toBe('succeeded');
      expect(result.steps.map((step) => step.nodeId).at(-1)).toBe('join');
      expect(stepOf(result, 'join')).toMatchObject({ status: 'succeeded', input: { left: 1, right: 2 }, output });
    });

    it('lets later expressions read each branch by its step id', async () => {
      const flow = flowOf(
        [
          start,
          nodeOf('left', 'core.map', { output: '=$.a' }),
          nodeOf('right', 'core.map', { output: '=$.b' }),
          nodeOf('join', 'core.merge'),
          nodeOf('total', 'core.map', { output: '=$.left + $.right' }),
        ],
        ['start.out->left.in', 'start.out->right.in', 'left.out->join.in', 'right.out->join.in', 'join.out->total.in'],
      );

      const result = await runFlow(engine, flow, { a: 1, b: 2 });

      expect(stepOf(result, 'total').output).toBe(3);
    });

    it('resumes with the branches a previous attempt finished', async () => {
      const flow = parallel('object', ['left.out->join.in', 'right.out->join.in']);
      const first = await runFlow(engine, flow, { a: 1, b: 2 });
      const finishedSteps = first.steps.filter((step) => step.nodeId !== 'join');

      const resumed = await runFlow(engine, flow, { a: 1, b: 2 }, { finishedSteps });

      expect(stepOf(resumed, 'join').output).toEqual({ left: 1, right: 2 });
    });
  });

  it('counts a step once when several of its ports reach the join', async () => {
    const flow = flowOf(
      [
        start,
        nodeOf('route', 'core.switch', { mode: 'all', cases: [{ port: 'case1', when: true }, { port: 'case2', when: true }] }),
        nodeOf('join', 'core.merge'),
      ],
      ['start.out->route.in', 'route.case1->join.in', 'route.case2->join.in'],
    );

    const result = await runFlow(engine, flow, { id: 7 });

    expect(stepOf(result, 'join').output).toEqual({ route: { id: 7 } });
  });

  it('is skipped when no branch reaches it', async () => {
    const flow = flowOf(
      [start, nodeOf('check', 'core.filter', { condition: false }), nodeOf('yes', 'core.map', { output: 1 }), nodeOf('join', 'core.merge')],
      ['start.out->check.in', 'check.true->yes.in', 'yes.out->join.in'],
    );

    const result = await runFlow(engine, flow, {});

    expect(result.status).toBe('succeeded');
    expect(statuses(result)).toMatchObject({ yes: 'skipped', join: 'skipped' });
  });
});
