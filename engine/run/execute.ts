import { ValidationError } from '../errors.ts';
import type { FlowPlan, PlannedNode } from '../graph/plan.ts';
import type { Json } from '../json.ts';
import type { ExecutionInfo } from '../node-contract.ts';
import type { EnginePorts } from '../ports.ts';
import type { ExecutionResult, PendingWait, ResumedWait, StepRecord } from './records.ts';
import { startDeadline } from './deadline.ts';
import { type RunState, stepKey } from './run-state.ts';
import { stepInScope } from './step-in-scope.ts';

export { ExecutionStoppedError } from './stopped.ts';

export interface ExecuteRequest {
  plan: FlowPlan;
  execution: ExecutionInfo;
  /** The event: what the starting trigger receives as its input. */
  payload: Json;
  /** Which trigger the event arrived through; the first trigger in the flow when omitted. */
  triggerNodeId?: string;
  /** Steps a previous attempt already finished: they are kept, not run again. */
  finishedSteps?: readonly StepRecord[];
  /** Called with each step as it finishes, before the next starts (durable runs commit it here). */
  checkpoint?: (step: StepRecord) => Promise<void>;
  /** Aborting stops the execution between steps and reaches running nodes. */
  signal?: AbortSignal;
  /**
   * Asks the execution to stop at the next step boundary, letting the running step finish
   * (graceful shutdown). The run then throws ExecutionStoppedError and can be resumed later.
   */
  stopSignal?: AbortSignal;
  /** The steps a suspended execution waited in (a retry due, a node's wait over), when resuming it. */
  resume?: readonly ResumedWait[];
  /** Waits longer than this (retry back-offs, delays) suspend the execution (status waiting) instead of sleeping. */
  suspendAfterMs?: number;
}

/**
 * Runs a planned flow for one event, node by node in topological order. A node runs when an edge
 * from a succeeded upstream step's chosen port reaches it; otherwise it is skipped. A loop node
 * runs its body once per item. The first failed step fails the execution and nothing after it runs.
 */
export async function executeFlow(request: ExecuteRequest, ports: EnginePorts): Promise<ExecutionResult> {
  const { plan } = request;
  const startNode = startingTrigger(plan, request.triggerNodeId);
  const deadline = startDeadline(plan.document.settings.timeoutMs, request.signal);
  try {
    return await runNodes({
      request,
      ports,
      startNode,
      signal: deadline.signal,
      finished: new Map((request.finishedSteps ?? []).map((step) => [stepKey(step.nodeId, step.item), step])),
      steps: [],
      top: { records: new Map(), outputs: {} },
    });
  } finally {
    deadline.release();
  }
}

async function runNodes(run: RunState): Promise<ExecutionResult> {
  for (const planned of run.request.plan.nodes) {
    // Nodes in a loop's body run when their loop does, once per item.
    if (planned.inLoop !== undefined) continue;
    const outcome = await stepInScope(run, planned, run.top);
    if (outcome.kind === 'waiting') return summarize(run.steps, outcome.failed, outcome.waits);
    if (outcome.record.status === 'failed') return summarize(run.steps, outcome.record, []);
  }
  return summarize(run.steps, undefined, []);
}

function startingTrigger(plan: FlowPlan, triggerNodeId: string | undefined): PlannedNode {
  const triggers = plan.document.nodes
    .map((node) => plan.nodes.find((planned) => planned.node.id === node.id))
    .filter((planned): planned is PlannedNode => planned?.definition.trigger === true);
  const chosen = triggerNodeId === undefined ? triggers[0] : triggers.find((planned) => planned.node.id === triggerNodeId);
  if (chosen === undefined) {
    throw new ValidationError('unknown_trigger', `the flow has no trigger node "${triggerNodeId ?? ''}"`);
  }
  return chosen;
}

/** `failed` is the step that failed, or that failed and waits for its retry; `waits` say what the execution waits for. */
function summarize(steps: StepRecord[], failed: StepRecord | undefined, waits: PendingWait[]): ExecutionResult {
  const response = steps.findLast((step) => step.response !== undefined)?.response ?? null;
  const error = failed === undefined ? null : failure(failed);
  if (waits.length > 0) return { status: 'waiting', steps, error, response, waits };
  return { status: error === null ? 'succeeded' : 'failed', steps, error, response, waits: [] };
}

function failure(step: StepRecord) {
  const error = step.error ?? { code: 'node_error', message: 'the step failed' };
  return { nodeId: step.nodeId, code: error.code, message: error.message };
}
