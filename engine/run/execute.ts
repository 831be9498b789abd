import { ValidationError, WeftError } from '../errors.ts';
import type { FlowPlan, PlannedNode } from '../graph/plan.ts';
import type { Json } from '../json.ts';
import type { ExecutionInfo } from '../node-contract.ts';
import type { EnginePorts } from '../ports.ts';
import { attemptStep, type StepOutcome } from './attempt-step.ts';
import type { ExecutionResult, PendingRetry, StepRecord } from './records.ts';
import { runStep, stoppedError, timings } from './run-step.ts';

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
  /** A retry that was due when this (resumed) run started: the node and the attempts already made. */
  pendingRetry?: Pick<PendingRetry, 'nodeId' | 'attempts'>;
  /** Retry back-offs longer than this suspend the execution (status waiting) instead of sleeping. */
  suspendAfterMs?: number;
}

/** The execution was asked to stop between steps; its finished steps are checkpointed. */
export class ExecutionStoppedError extends WeftError {}

const DEFAULT_SUSPEND_AFTER_MS = 5_000;

/**
 * Runs a planned flow for one event, node by node in topological order. A node runs when an edge
 * from a succeeded upstream step's chosen port reaches it; otherwise it is skipped. The first
 * failed step fails the execution and nothing after it runs.
 */
export async function executeFlow(request: ExecuteRequest, ports: EnginePorts): Promise<ExecutionResult> {
  const { plan } = request;
  const startNode = startingTrigger(plan, request.triggerNodeId);
  const finished = new Map((request.finishedSteps ?? []).map((step) => [step.nodeId, step]));
  const timeout = AbortSignal.timeout(plan.document.settings.timeoutMs);
  const signal = request.signal === undefined ? timeout : AbortSignal.any([request.signal, timeout]);
  const records = new Map<string, StepRecord>();
  const outputs: Record<string, Json> = {};

  for (const planned of plan.nodes) {
    request.signal?.throwIfAborted();
    if (request.stopSignal?.aborted) throw new ExecutionStoppedError('execution_stopped', 'the execution was stopped between steps; it resumes later');
    const previous = finished.get(planned.node.id);
    const outcome: StepOutcome = previous
      ? { kind: 'finished', record: previous }
      : await nextStep({ planned, startNode, request, records, outputs, ports, signal });
    if (outcome.kind === 'waiting') return summarize(records, outcome.record, outcome.retry);
    const record = outcome.record;
    records.set(record.nodeId, record);
    if (record.status === 'succeeded') outputs[record.nodeId] = record.output;
    if (previous === undefined) await request.checkpoint?.(record);
    if (record.status === 'failed') return summarize(records, record, null);
  }
  return summarize(records, undefined, null);
}

interface StepContext {
  planned: PlannedNode;
  startNode: PlannedNode;
  request: ExecuteRequest;
  records: ReadonlyMap<string, StepRecord>;
  outputs: Record<string, Json>;
  ports: EnginePorts;
  signal: AbortSignal;
}

async function nextStep(context: StepContext): Promise<StepOutcome> {
  const { planned, startNode, request, records, ports } = context;
  const finishedWith = (record: StepRecord): StepOutcome => ({ kind: 'finished', record });
  if (planned.definition.trigger && planned !== startNode) return finishedWith(skipped(planned, ports));
  let input = request.payload;
  if (!planned.definition.trigger) {
    const sources = [...new Set(planned.incoming.filter((edge) => carries(records, edge.from)).map((edge) => edge.from.node))];
    if (sources.length === 0) return finishedWith(skipped(planned, ports));
    if (planned.definition.joinsBranches === true) input = joinedInput(records, sources);
    else if (sources.length > 1) return finishedWith(ambiguousInput(planned, sources, ports));
    else input = records.get(sources[0] ?? '')?.output ?? null;
  }
  if (context.signal.aborted) return finishedWith({ ...skipped(planned, ports), status: 'failed', error: stoppedError(context.signal) });
  const pending = request.pendingRetry?.nodeId === planned.node.id ? request.pendingRetry : undefined;
  return attemptStep({
    nodeId: planned.node.id,
    policy: planned.node.retry,
    attemptsBefore: pending?.attempts ?? 0,
    suspendAfterMs: request.suspendAfterMs ?? DEFAULT_SUSPEND_AFTER_MS,
    now: () => ports.clock.now(),
    random: ports.random ?? Math.random,
    stopSignal: request.stopSignal,
    attempt: () =>
      runStep({
        planned,
        plan: request.plan,
        input,
        bindings: {
          input,
          trigger: context.outputs[startNode.node.id] ?? request.payload,
          nodes: context.outputs,
          execution: request.execution,
        },
        execution: request.execution,
        ports,
        signal: context.signal,
      }),
  });
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

function carries(records: ReadonlyMap<string, StepRecord>, from: { node: string; port: string }): boolean {
  const source = records.get(from.node);
  return source?.status === 'succeeded' && source.ports.includes(from.port);
}

// Every upstream step has finished by now (topological order), so the taken branches are all here.
function joinedInput(records: ReadonlyMap<string, StepRecord>, sources: readonly string[]): Json {
  return Object.fromEntries(sources.map((source) => [source, records.get(source)?.output ?? null]));
}

function skipped(planned: PlannedNode, ports: EnginePorts): StepRecord {
  const now = ports.clock.now();
  return {
    nodeId: planned.node.id,
    nodeType: planned.node.type,
    status: 'skipped',
    input: null,
    output: null,
    ports: [],
    error: null,
    logs: [],
    attempts: 0,
    ...timings(now, now),
  };
}

function ambiguousInput(planned: PlannedNode, sources: string[], ports: EnginePorts): StepRecord {
  const message = `${planned.node.id} received input from ${sources.join(' and ')} at once; join branches with a merge node`;
  return { ...skipped(planned, ports), status: 'failed', error: { code: 'ambiguous_input', message, retryable: false } };
}

function summarize(records: ReadonlyMap<string, StepRecord>, failed: StepRecord | undefined, retry: PendingRetry | null): ExecutionResult {
  const steps = [...records.values()];
  const response = steps.findLast((step) => step.response !== undefined)?.response ?? null;
  if (failed === undefined) return { status: 'succeeded', steps, error: null, response, retry: null };
  const error = failed.error ?? { code: 'node_error', message: 'the step failed' };
  const failure = { nodeId: failed.nodeId, code: error.code, message: error.message };
  // A waiting execution reports the failure that made it wait; the step itself is not finished.
  return { status: retry === null ? 'failed' : 'waiting', steps, error: failure, response, retry };
}
