import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.ts';

/** A commit that records each batch it gets and can be held open, standing in for a statement in flight. */
function recordingCommit(failOn?: number) {
  const batches: number[][] = [];
  let release: () => void = () => {};
  let held = Promise.resolve();
  return {
    batches,
    hold() {
      held = new Promise((resolve) => (release = resolve));
    },
    release: () => release(),
    commit: async (items: number[]) => {
      batches.push(items);
      await held;
      if (failOn !== undefined && items.includes(failOn)) throw new Error(`cannot store ${failOn}`);
      return items.map((item) => item * 10);
    },
  };
}

describe('group commit', () => {
  it('commits the items queued in one tick together, each caller getting its own result', async () => {
    const recorder = recordingCommit();
    const add = createGroupCommit(recorder.commit);
    expect(await Promise.all([add(1), add(2), add(3)])).toEqual([10, 20, 30]);
    expect(recorder.batches).toEqual([[1, 2, 3]]);
  });

  it('lets items that arrive while a commit is in flight wait for it, then commit them together', async () => {
    const recorder = recordingCommit();
    const add = createGroupCommit(recorder.commit);
    recorder.hold();
    const first = add(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const later = [add(2), add(3)];
    recorder.release();
    expect(await Promise.all([first, ...later])).toEqual([10, 20, 30]);
    expect(recorder.batches).toEqual([[1], [2, 3]]);
  });

  it('tries the items of a failed commit one by one, so only the bad one fails', async () => {
    const recorder = recordingCommit(2);
    const add = createGroupCommit(recorder.commit);
    const outcomes = await Promise.allSettled([add(1), add(2), add(3)]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(recorder.batches).toEqual([[1, 2, 3], [1], [2], [3]]);
  });

  it('never puts more than maxBatch items in one commit', async () => {
    const recorder = recordingCommit();
    const add = createGroupCommit(recorder.commit, 2);
    await Promise.all([add(1), add(2), add(3), add(4), add(5)]);
    expect(recorder.batches).toEqual([[1, 2], [3, 4], [5]]);
  });
});
