import type { StepRecord } from '@weft/engine';
import type { Queryable } from '../storage/database.ts';
import { saveSteps } from '../storage/executions-repo.ts';

export interface StepCheckpoints {
  /** For the engine: called as each step finishes, before the next starts. */
  checkpoint(step: StepRecord): Promise<void>;
  /** The finished steps not committed yet, taken out to be committed with the execution's outcome. */
  takeUnsaved(): { firstSeq: number; steps: StepRecord[] };
}

/**
 * Commits an execution's steps. A step with side effects (an HTTP call, a published event) is
 * committed before the next step starts, so a worker that dies never repeats it. A step without
 * them waits to be committed in one statement with the next one that has them, or with the
 * execution's outcome: a worker that dies first runs it again, to the same effect, and the
 * common flow costs one round trip to PostgreSQL instead of one per step.
 */
export function createStepCheckpoints(options: {
  database: Queryable;
  executionId: string;
  firstSeq: number;
  /** True for a step that must be committed before the next one starts (see above). */
  mustCommitAtOnce: (step: StepRecord) => boolean;
}): StepCheckpoints {
  let seq = options.firstSeq;
  const unsaved: StepRecord[] = [];
  const take = () => {
    const steps = unsaved.splice(0);
    const firstSeq = seq;
    seq += steps.length;
    return { firstSeq, steps };
  };
  return {
    async checkpoint(step) {
      unsaved.push(step);
      if (!options.mustCommitAtOnce(step)) return;
      const batch = take();
      await saveSteps(options.database, options.executionId, batch.firstSeq, batch.steps);
    },
    takeUnsaved: take,
  };
}
