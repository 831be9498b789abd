import { describe, expect, it } from 'vitest';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { flowOf, nodeOf } from '../testing/flow-builder.ts';
import { runFlow, stepOf, testEngine } from '../testing/test-engine.ts';
import { countingNode, recordingNode } from '../testing/test-nodes.ts';
import type { StepRecord } from './records.ts';

describe('checkpoint', () => {
  it('receives each step once, in order, and the next step waits for it', async () => {
    const log: string[] = [];
    const engine = testEngine({ nodes: [recordingNode(log)] });
    const flow = flowOf(
      [
        nodeOf('start', 'core.manual'),
        nodeOf('first', 'test.record'),
        nodeOf('check', 'core.filter', { condition: false }),
        nodeOf('never', 'test.record'),
        nodeOf('last', 'test.record'),
      ],
      ['start.out->first.in', 'first.out->check.in', 'check.true->never.in', 'check.false->last.in'],
    );
    const checkpointed: StepRecord[] = [];

    const result = await runFlow(engine, flow, {}, {
      checkpoint: async (step) => {
        // Finish a turn later, so a next step started without waiting would log first.
        await nextTurn();
        checkpointed.push(step);
        log.push(`checkpoint ${step.nodeId} (${step.status})`);
      },
    });

    expect(log).toEqual([
      'checkpoint start (succeeded)',
      'ran first',
      'checkpoint first (succeeded)',
      'checkpoint check (succeeded)',
      'checkpoint never (skipped)',
      'ran last',
      'checkpoint last (succeeded)',
    ]);
    expect(checkpointed).toEqual(result.steps);
  });

  it('stops the execution when a step cannot be stored', async () => {
    const later = countingNode();
    const engine = testEngine({ nodes: [later.node] });
    const flow = flowOf([nodeOf('start', 'core.manual'), nodeOf('later', 'test.count')], ['start.out->later.in']);

    const run = runFlow(engine, flow, {}, {
      checkpoint: async () => {
        throw new Error('database unavailable');
      },
    });

    await expect(run).rejects.toThrow('database unavailable');
    expect(later.counter.calls).toBe(0);
  });
});

describe('resuming with finished steps', () => {
  const flow = flowOf(
    [nodeOf('start', 'core.manual'), nodeOf('charge', 'test.count'), nodeOf('email', 'test.record'), nodeOf('summary', 'core.map', { output: '=$nodes.charge' })],
    ['start.out->charge.in', 'charge.out->email.in', 'email.out->summary.in'],
  );

  it('keeps the steps a killed worker finished and runs only the rest', async () => {
    const charge = countingNode();
    const log: string[] = [];
    const engine = testEngine({ nodes: [charge.node, recordingNode(log)] });
    const committed: StepRecord[] = [];

    // The first worker stores start and charge, then dies while storing email.
    const firstAttempt = runFlow(engine, flow, { amount: 5 }, {
      checkpoint: async (step) => {
        if (step.nodeId === 'email') throw new Error('worker killed');
        committed.push(step);
      },
    });
    await expect(firstAttempt).rejects.toThrow('worker killed');
    expect(committed.map((step) => step.nodeId)).toEqual(['start', 'charge']);

    const stored: string[] = [];
    const result = await runFlow(engine, flow, { amount: 5 }, {
      finishedSteps: committed,
      checkpoint: async (step) => {
        stored.push(step.nodeId);
      },
    });

    expect(result.status).toBe('succeeded');
    expect(charge.counter.calls).toBe(1);
    // email ran in both attempts: the first one's result was never stored.
    expect(log).toEqual(['ran email', 'ran email']);
    expect(stored).toEqual(['email', 'summary']);
    expect(stepOf(result, 'charge')).toEqual(committed[1]);
    expect(stepOf(result, 'email').input).toEqual({ calls: 1 });
    expect(stepOf(result, 'summary').output).toEqual({ calls: 1 });
  });
});
