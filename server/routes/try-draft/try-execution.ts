import { randomUUID } from 'node:crypto';
import { type Engine, type FlowDocument, type FlowNode, type FlowPlan, WeftError } from '@weft/engine';
import { compareSteps, type NodeComparison, type Verdict } from './compare-steps.ts';
import type { PastExecution } from './past-executions.ts';
import { planForTry } from './try-plan.ts';

export interface TryRequest {
  engine: Engine;
  /** The draft, planned once for every execution of the try. */
  draft: FlowPlan;
  past: PastExecution;
  allowSideEffects: boolean;
  /** The try's time budget; an execution still running when it ends fails at its current step. */
  signal: AbortSignal;
}

/** not_run: the try ran out of time, or the draft has no trigger for the event, before this one could run. */
export type TryStatus = 'succeeded' | 'failed' | 'waiting' | 'not_run';

/** One past event run against the draft, node by node beside what happened then. */
export interface TriedExecution {
  executionId: string;
  createdAt: string;
  /** The published version that ran the event, or null when it was a test run of an earlier draft. */
  flowVersion: number | null;
  triggerNode: string | null;
  pastStatus: string;
  status: TryStatus;
  error: { nodeId: string | null; code: string; message: string } | null;
  counts: Record<Verdict, number>;
  nodes: NodeComparison[];
}

const waits = { nodeId: null, code: 'try_waits', message: 'a step waits for another flow or a long retry, and a try does not wait' };
const outOfTime = { nodeId: null, code: 'try_timeout', message: 'the try ran out of time before this event finished' };

// Back-offs and waits this short pass within the try; longer ones end it as waiting, as a worker would suspend.
const TRY_SUSPEND_AFTER_MS = 2_000;

/** Runs one past event through the draft, in memory: no execution is stored and no job is queued. */
export async function tryExecution(request: TryRequest): Promise<TriedExecution> {
  const { past } = request;
  const base = summaryOf(past);
  const triggerNodeId = triggerInDraft(request.engine, request.draft.document, past);
  if (triggerNodeId === undefined) {
    const message = `the draft has no trigger to receive this event (it arrived through "${past.execution.triggerNode ?? ''}")`;
    return notRun(request, base, { nodeId: past.execution.triggerNode, code: 'trigger_not_in_draft', message });
  }
  if (request.signal.aborted) return notRun(request, base, outOfTime);
  const pastSteps = new Map(past.steps.map((step) => [step.nodeId, step]));
  const tried = planForTry(request.draft, { allowSideEffects: request.allowSideEffects, pastSteps });
  try {
    const result = await request.engine.execute({
      plan: tried.plan,
      // The prefix reaches receivers in idempotency keys, so a call a person allowed is recognisable as a try.
      execution: { id: `try-${randomUUID()}`, flowId: past.execution.flowId, flowVersion: null },
      payload: past.execution.payload,
      triggerNodeId,
      signal: request.signal,
      suspendAfterMs: TRY_SUSPEND_AFTER_MS,
    });
    const nodes = compareSteps({ pastDocument: past.document, draftDocument: request.draft.document, pastSteps: past.steps, draftSteps: result.steps, heldBack: tried.heldBack });
    const error = result.status === 'waiting' && result.error === null ? waits : result.error;
    return { ...base, status: result.status, error, counts: countVerdicts(nodes), nodes };
  } catch (error) {
    // The engine checks the signal between steps and throws its reason; a step it interrupts fails instead.
    if (request.signal.aborted) return notRun(request, base, outOfTime);
    if (!(error instanceof WeftError)) throw error;
    return notRun(request, base, { nodeId: null, code: error.code, message: error.message });
  }
}

/** The trigger the event came through, or the draft's only trigger of that type when it was renamed. */
function triggerInDraft(engine: Engine, draft: FlowDocument, past: PastExecution): string | undefined {
  const isTrigger = (node: FlowNode) => engine.registry.get(node.type, node.typeVersion)?.trigger === true;
  const triggers = draft.nodes.filter(isTrigger);
  const pastTrigger = past.document.nodes.find((node) => node.id === past.execution.triggerNode) ?? past.document.nodes.find(isTrigger);
  if (pastTrigger === undefined) return triggers[0]?.id;
  if (triggers.some((node) => node.id === pastTrigger.id)) return pastTrigger.id;
  const sameType = triggers.filter((node) => node.type === pastTrigger.type);
  return sameType.length === 1 ? sameType[0]?.id : undefined;
}

function summaryOf(past: PastExecution) {
  return {
    executionId: past.execution.id,
    createdAt: past.execution.createdAt.toISOString(),
    flowVersion: past.execution.flowVersion,
    triggerNode: past.execution.triggerNode,
    pastStatus: past.execution.status,
  };
}

/** The event did not run: every node is shown beside the past run, the draft's as not reached. */
function notRun(request: TryRequest, base: ReturnType<typeof summaryOf>, error: NonNullable<TriedExecution['error']>): TriedExecution {
  const nodes = compareSteps({ pastDocument: request.past.document, draftDocument: request.draft.document, pastSteps: request.past.steps, draftSteps: [], heldBack: new Map() });
  return { ...base, status: 'not_run', error, counts: countVerdicts(nodes), nodes };
}

function countVerdicts(nodes: readonly NodeComparison[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { unchanged: 0, changed: 0, added: 0, removed: 0, failed: 0, notReached: 0 };
  for (const node of nodes) counts[node.verdict] += 1;
  return counts;
}
