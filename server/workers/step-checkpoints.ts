import type { Json, StepRecord } from '@weft/engine';
import type { Queryable } from '../storage/database.ts';
import { createStepRowWriter, saveStepRows, type StepRow } from '../storage/step-rows.ts';

export interface StepCheckpoints {
  /** For the engine: called as each step finishes, before the next starts. */
  checkpoint(step: StepRecord): Promise<void>;
  /** The finished steps not committed yet, taken out to be committed with the execution's outcome. */
  takeUnsaved(): StepRow[];
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
  /** The execution's payload, and the steps an earlier run committed: later steps may refer to them. */
  payload: Json;
  finishedSteps: readonly StepRecord[];
  /** True for a step that must be committed before the next one starts (see above). */
  mustCommitAtOnce: (step: StepRecord) => boolean;
}): StepCheckpoints {
  const rows = createStepRowWriter(options.executionId, { payload: options.payload, steps: options.finishedSteps });
  const unsaved: StepRecord[] = [];
  const take = () => rows.rowsOf(unsaved.splice(0));
  return {
    async checkpoint(step) {
      unsaved.push(step);
      if (options.mustCommitAtOnce(step)) await saveStepRows(options.database, take());
    },
    takeUnsaved: take,
  };
}
