import { WeftError } from '../errors.ts';

/** The execution was asked to stop between steps; its finished steps are checkpointed. */
export class ExecutionStoppedError extends WeftError {}
