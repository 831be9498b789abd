import type { PlannedNode } from '../graph/plan.ts';
import type { Json } from '../json.ts';
import type { EnginePorts } from '../ports.ts';
import type { ExecuteRequest } from './execute.ts';
import type { PendingWait, StepRecord } from './records.ts';

/** Everything one run of an execution shares across its steps. */
export interface RunState {
  request: ExecuteRequest;
  ports: EnginePorts;
  startNode: PlannedNode;
  /** The execution's time limit, joined with the caller's abort signal. */
  signal: AbortSignal;
  /** Steps an earlier run finished, by `stepKey`. */
  finished: ReadonlyMap<string, StepRecord>;
  /** Every step of this execution so far, earlier runs' included, in the order they finished. */
  steps: StepRecord[];
  /** The top-level scope: what the trigger emitted is `$trigger`. */
  top: Scope;
}

/**
 * What the steps of one scope see upstream: the flow's top level, or one item of a loop (which
 * sees the top level's steps, the item as the loop's output, and its own body's steps).
 */
export interface Scope {
  records: Map<string, StepRecord>;
  outputs: Record<string, Json>;
  /** The loop item this scope runs, from 0; undefined at the top level. */
  item?: number;
}

/** How one step (or one loop with its whole body) ended in this run. */
export type Outcome = { kind: 'finished'; record: StepRecord } | { kind: 'waiting'; waits: PendingWait[]; failed?: StepRecord };

/** Identifies a step within an execution: a node, and for a node in a loop, the item. */
export function stepKey(nodeId: string, item: number | undefined): string {
  return item === undefined ? nodeId : `${nodeId}#${item}`;
}
