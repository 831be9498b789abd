import { afterEach, describe, expect, it, vi } from 'vitest';
import { startDeadline } from './deadline.ts';

describe('startDeadline', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('aborts with a TimeoutError when its time is up', () => {
    vi.useFakeTimers();
    const deadline = startDeadline(1_000);
    vi.advanceTimersByTime(999);
    expect(deadline.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.timedOut()).toBe(true);
    expect(deadline.signal.reason).toBeInstanceOf(DOMException);
    expect((deadline.signal.reason as DOMException).name).toBe('TimeoutError');
  });

  it('aborts with the parent’s reason when the parent aborts, without counting as timed out', () => {
    const parent = new AbortController();
    const deadline = startDeadline(60_000, parent.signal);
    const reason = new Error('worker stopping');
    parent.abort(reason);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toBe(reason);
    expect(deadline.timedOut()).toBe(false);
    deadline.release();
  });

  it('starts aborted when the parent already is', () => {
    const parent = new AbortController();
    parent.abort('gone');
    const deadline = startDeadline(60_000, parent.signal);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toBe('gone');
    deadline.release();
  });

  it('once released, neither its timer nor its parent abort it, and it no longer listens to the parent', () => {
    vi.useFakeTimers();
    const parent = new AbortController();
    const added = vi.spyOn(parent.signal, 'addEventListener');
    const removed = vi.spyOn(parent.signal, 'removeEventListener');
    const deadline = startDeadline(1_000, parent.signal);
    deadline.release();
    expect(removed).toHaveBeenCalledWith('abort', added.mock.calls[0]?.[1]);
    vi.advanceTimersByTime(5_000);
    parent.abort();
    expect(deadline.signal.aborted).toBe(false);
    expect(deadline.timedOut()).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});
