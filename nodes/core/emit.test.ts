import { describe, expect, it } from 'vitest';
import { runNode } from '../sdk/testing/index.ts';
import { emitNode } from './emit.ts';

describe('core.emit', () => {
  it('fails its step where nothing stores events (an in-memory run)', async () => {
    const step = await runNode(emitNode, { params: { type: 'order.created', data: '=$' }, input: { id: 1 } });
    expect(step).toMatchObject({ status: 'failed', error: { code: 'events_unavailable' } });
  });

  it.each([['order created'], ['']])('refuses the literal event type %j when the flow is checked', async (type) => {
    await expect(runNode(emitNode, { params: { type, data: null }, input: {} })).rejects.toMatchObject({ code: 'invalid_flow' });
  });

  it.each([['=$.missing'], ['="two words"']])('fails the step when %s evaluates to no valid event type', async (type) => {
    const step = await runNode(emitNode, { params: { type, data: null }, input: {} });
    expect(step).toMatchObject({ status: 'failed', error: { code: 'invalid_params' } });
  });
});
