import { describe, expect, it } from 'vitest';
import { runNode } from '../sdk/testing/index.ts';
import { mergeNode } from './merge.ts';

// runNode feeds the node from one upstream step, "start"; flows with several branches are in
// engine/run/join-branches.test.ts.
describe('core.merge', () => {
  it.each([
    { mode: 'object', output: { start: { id: 1 } } },
    { mode: 'array', output: [{ id: 1 }] },
  ])('combines what arrived as $mode', async ({ mode, output }) => {
    const step = await runNode(mergeNode, { input: { id: 1 }, params: { mode } });

    expect(step).toMatchObject({ status: 'succeeded', input: { start: { id: 1 } }, output });
  });

  it('declares that it joins branches', () => {
    expect(mergeNode.joinsBranches).toBe(true);
  });
});
