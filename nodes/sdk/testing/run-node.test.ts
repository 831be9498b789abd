import { NodeRunError, ValidationError } from '@weft/engine';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode } from '../define-node.ts';
import { runNode, testExecution, testNodeId } from './run-node.ts';

const greetNode = defineNode({
  type: 'demo.greet',
  typeVersion: 1,
  displayName: 'Greet',
  description: 'Outputs its params and what it knows of the run.',
  category: 'Demo',
  params: z.strictObject({ greeting: z.string(), times: z.int().default(1) }),
  run: async ({ params, input, idempotencyKey }) => ({ output: { ...params, input, idempotencyKey } }),
});

const demoTrigger = defineNode({
  type: 'demo.start',
  typeVersion: 1,
  displayName: 'Start',
  description: 'Passes the event on.',
  category: 'Demo',
  trigger: true,
  params: z.strictObject({}),
  run: async ({ input }) => ({ output: { received: input } }),
});

const refuseNode = defineNode({
  type: 'demo.refuse',
  typeVersion: 1,
  displayName: 'Refuse',
  description: 'Always fails.',
  category: 'Demo',
  params: z.strictObject({}),
  run: async () => {
    throw new NodeRunError('refused', 'no, thank you');
  },
});

describe('runNode', () => {
  it('evaluates expressions in params against the input and returns the step', async () => {
    const step = await runNode(greetNode, { params: { greeting: '="hello " & $.name', times: '=$.n * 2' }, input: { name: 'Ada', n: 2 } });

    expect(step).toMatchObject({ nodeId: testNodeId, nodeType: 'demo.greet', status: 'succeeded', input: { name: 'Ada', n: 2 } });
    expect(step.output).toEqual({ greeting: 'hello Ada', times: 4, input: { name: 'Ada', n: 2 }, idempotencyKey: `${testExecution.id}:${testNodeId}` });
  });

  it('fills in param defaults as a flow would', async () => {
    const step = await runNode(greetNode, { params: { greeting: 'hi' } });

    expect(step.output).toMatchObject({ greeting: 'hi', times: 1 });
  });

  it('runs a trigger alone, with the input as its event', async () => {
    const step = await runNode(demoTrigger, { input: { id: 1 } });

    expect(step).toMatchObject({ status: 'succeeded', output: { received: { id: 1 } } });
  });

  it('returns a failed step instead of throwing', async () => {
    const step = await runNode(refuseNode);

    expect(step).toMatchObject({ status: 'failed', error: { code: 'refused', message: 'no, thank you' } });
  });

  it('throws the engine’s invalid_flow when params fail the static check', async () => {
    const run = runNode(greetNode, { params: { greeting: 5 } });

    await expect(run).rejects.toBeInstanceOf(ValidationError);
    await expect(run).rejects.toMatchObject({ code: 'invalid_flow', details: { problems: [{ code: 'invalid_params', path: 'nodes[1].params.greeting' }] } });
  });
});
