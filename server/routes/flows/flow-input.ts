import { canonicalFlow, type Engine, type FlowDocument, type Problem, ValidationError } from '@weft/engine';

export interface CheckedFlow {
  document: FlowDocument;
  /** What must be fixed before the flow can be published or run; a draft may be saved with these. */
  problems: Problem[];
}

/**
 * Reads a flow document sent by a client. A document whose shape is wrong is refused (422, every
 * problem listed); one that is well-formed but not yet runnable is accepted as a draft, with its
 * problems reported, the way an editor autosaves half-built work.
 */
export function checkFlowInput(engine: Engine, input: unknown): CheckedFlow {
  const validation = engine.validate(input);
  if (validation.document === undefined) throw invalidFlow(validation.problems);
  return { document: canonicalFlow(validation.document), problems: validation.problems };
}

/** Refuses a flow that cannot run yet (publish, run). */
export function requireRunnable(checked: CheckedFlow): FlowDocument {
  if (checked.problems.length > 0) throw invalidFlow(checked.problems);
  return checked.document;
}

export function invalidFlow(problems: Problem[]): ValidationError {
  const count = problems.length;
  return new ValidationError('invalid_flow', `the flow has ${count} problem${count === 1 ? '' : 's'}; see details.problems`, {
    details: { problems: problems.map((item) => ({ ...item })) },
  });
}
