import { z } from 'zod';
import { defineNode } from '../../nodes/sdk/index.ts';
import { NodeRunError } from '../errors.ts';
import type { NodeDefinition } from '../node-contract.ts';

// Nodes that exist only to observe the engine: what it called, in which order, and what it does
// when a node misbehaves.

const base = { typeVersion: 1, displayName: 'Test node', description: 'Used by engine tests.', category: 'Testing' };

/** A node that counts its runs and outputs `{ calls }`, the count so far. */
export function countingNode(type = 'test.count'): { node: NodeDefinition; counter: { calls: number } } {
  const counter = { calls: 0 };
  const node = defineNode({
    ...base,
    type,
    params: z.strictObject({}),
    run: async () => {
      counter.calls += 1;
      return { output: { calls: counter.calls } };
    },
  });
  return { node, counter };
}

/** A node that writes `ran <node id>` to `log` and passes its input on. */
export function recordingNode(log: string[], type = 'test.record'): NodeDefinition {
  return defineNode({
    ...base,
    type,
    params: z.strictObject({}),
    run: async ({ nodeId, input }) => {
      log.push(`ran ${nodeId}`);
      return { output: input };
    },
  });
}

/** Fails the way a node reports a known failure: a NodeRunError with a code. */
export const failingNode = defineNode({
  ...base,
  type: 'test.fail',
  params: z.strictObject({ message: z.string().default('the far end refused') }),
  run: async ({ params }) => {
    throw new NodeRunError('upstream_refused', params.message, { retryable: true });
  },
});

/** Fails the way a buggy node does: an ordinary exception. */
export const crashingNode = defineNode({
  ...base,
  type: 'test.crash',
  params: z.strictObject({}),
  run: async () => {
    throw new TypeError("cannot read properties of undefined (reading 'id')");
  },
});

/** Emits on a port it does not declare. */
export const strayPortNode = defineNode({
  ...base,
  type: 'test.strayPort',
  params: z.strictObject({}),
  run: async ({ input }) => ({ output: input, ports: ['nowhere'] }),
});
