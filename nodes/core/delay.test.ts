import { describe, expect, it } from 'vitest';
import { NodeWaitingError, runNode } from '../sdk/testing/index.ts';
import { delayNode } from './delay.ts';

async function waitOf(params: Record<string, string | number>) {
  const error = await runNode(delayNode, { params, input: { id: 1 } }).catch((caught: unknown) => caught);
  if (!(error instanceof NodeWaitingError)) throw new Error(`expected the delay to wait, got ${String(error)}`);
  return error.wait;
}

describe('core.delay', () => {
  it.each([
    [{ amount: 0 }],
    [{ mode: 'until', until: '2001-01-01T00:00:00Z' }],
  ])('passes its input on at once when there is nothing to wait for: %j', async (params) => {
    expect(await runNode(delayNode, { params, input: { id: 1 } })).toMatchObject({ status: 'succeeded', output: { id: 1 } });
  });

  it('waits a short delay in process, then passes its input on', async () => {
    const startedAt = Date.now();
    const step = await runNode(delayNode, { params: { amount: 0.05, unit: 'seconds' }, input: { id: 1 } });
    expect(step).toMatchObject({ status: 'succeeded', output: { id: 1 } });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(45);
  });

  it.each([
    [{ amount: 2, unit: 'minutes' }, 2 * 60_000],
    [{ amount: 3, unit: 'hours' }, 3 * 3_600_000],
    [{ amount: 1.5, unit: 'days' }, 1.5 * 86_400_000],
  ])('asks to wait %j', async (params, expectedMs) => {
    const before = Date.now();
    const wait = await waitOf(params);
    const waitsMs = Date.parse(wait.resumeAt ?? '') - before;
    expect(waitsMs).toBeGreaterThanOrEqual(expectedMs - 1_000);
    expect(waitsMs).toBeLessThanOrEqual(expectedMs + 1_000);
  });

  it('waits until a time given with its offset', async () => {
    const at = new Date(Date.now() + 10 * 86_400_000);
    at.setUTCMilliseconds(0);
    // The same instant written one hour ahead, with a +01:00 offset.
    const local = new Date(at.getTime() + 3_600_000).toISOString().replace('.000Z', '+01:00');
    const wait = await waitOf({ mode: 'until', until: local });
    expect(wait.resumeAt).toBe(at.toISOString());
  });

  it('passes its input on when resumed', async () => {
    const step = await runNode(delayNode, { params: { amount: 1, unit: 'days' }, input: { id: 1 }, resumed: { state: null } });
    expect(step).toMatchObject({ status: 'succeeded', output: { id: 1 } });
  });

  it.each([
    [{ mode: 'until', until: 'next tuesday' }, 'invalid_time'],
    [{ mode: 'until', until: '12/24/2026' }, 'invalid_time'],
    [{ amount: 400, unit: 'days' }, 'delay_too_long'],
  ])('fails the step for %j', async (params, code) => {
    expect(await runNode(delayNode, { params, input: {} })).toMatchObject({ status: 'failed', error: { code } });
  });

  it('refuses a delay with neither a duration nor a time when the flow is checked', async () => {
    await expect(runNode(delayNode, { params: { mode: 'until' }, input: {} })).rejects.toMatchObject({ code: 'invalid_flow' });
  });
});
