import type { PlannedNode } from '../graph/plan.ts';
import type { Json } from '../json.ts';
import type { Resumption } from '../node-contract.ts';
import type { EnginePorts } from '../ports.ts';
import { attemptStep } from './attempt-step.ts';
import type { PendingWait, ResumedWait, StepRecord } from './records.ts';
import type { Outcome, RunState, Scope } from './run-state.ts';
import { runStep, stoppedError, timings } from './run-step.ts';

const DEFAULT_SUSPEND_AFTER_MS = 5_000;
// The database and this process may disagree on the time a little; a wait this close to due is due.
const CLOCK_SLACK_MS = 1_000;

/**
 * Runs one node in a scope: skipped when no edge carried data to it, else attempted (with its
 * retries and waits), or resumed where a suspended run left it.
 */
export async function nextStep(run: RunState, planned: PlannedNode, scope: Scope): Promise<Outcome> {
  const { request, ports } = run;
  const finishedWith = (record: StepRecord): Outcome => ({ kind: 'finished', record: inScope(record, scope) });
  if (planned.definition.trigger && planned !== run.startNode) return finishedWith(skipped(planned, ports));
  let input = request.payload;
  if (!planned.definition.trigger) {
    const sources = [...new Set(planned.incoming.filter((edge) => carries(scope.records, edge.from)).map((edge) => edge.from.node))];
    if (sources.length === 0) return finishedWith(skipped(planned, ports));
    if (planned.definition.joinsBranches === true) input = joinedInput(scope.records, sources);
    else if (sources.length > 1) return finishedWith(ambiguousInput(planned, sources, ports));
    else input = scope.records.get(sources[0] ?? '')?.output ?? null;
  }
  if (run.signal.aborted) return finishedWith({ ...skipped(planned, ports), status: 'failed', error: stoppedError(run.signal) });
  const pending = request.resume?.find((wait) => wait.nodeId === planned.node.id && wait.item === scope.item);
  // Woken before its time (another step of the execution was due): it goes on waiting.
  if (pending !== undefined && !isDue(pending, ports.clock.now())) return { kind: 'waiting', waits: [stored(pending)] };
  const outcome = await attemptStep({
    nodeId: planned.node.id,
    policy: planned.node.retry,
    attemptsBefore: pending?.attempts ?? 0,
    resumed: resumption(pending),
    suspendAfterMs: request.suspendAfterMs ?? DEFAULT_SUSPEND_AFTER_MS,
    now: () => ports.clock.now(),
    random: ports.random ?? Math.random,
    stopSignal: request.stopSignal,
    takeTurn: turnTaker(planned, ports),
    turnTaken: pending?.turnTaken === true,
    attempt: (attempt, resumed) =>
      runStep({
        attempt,
        ...(resumed === undefined ? {} : { resumed }),
        ...(scope.item === undefined ? {} : { item: scope.item }),
        planned,
        plan: request.plan,
        input,
        bindings: {
          input,
          trigger: run.top.outputs[run.startNode.node.id] ?? request.payload,
          nodes: scope.outputs,
          execution: request.execution,
        },
        execution: request.execution,
        ports,
        signal: run.signal,
      }),
  });
  if (outcome.kind === 'finished') return finishedWith(outcome.record);
  const wait: PendingWait = scope.item === undefined ? outcome.wait : { ...outcome.wait, item: scope.item };
  return { kind: 'waiting', waits: [wait], ...(outcome.record === undefined ? {} : { failed: inScope(outcome.record, scope) }) };
}

/** Takes a turn under every credential the node uses; the call goes when the last of them allows. */
function turnTaker(planned: PlannedNode, ports: EnginePorts): (() => Promise<Date | null>) | undefined {
  const rateLimits = ports.rateLimits;
  const credentialIds = [...new Set(Object.values(planned.node.credentials ?? {}))];
  if (rateLimits === undefined || credentialIds.length === 0) return undefined;
  return async () => {
    const turns = await Promise.all(credentialIds.map((credentialId) => rateLimits.reserve(credentialId)));
    const times = turns.flatMap((turn) => (turn === null ? [] : [turn.getTime()]));
    return times.length === 0 ? null : new Date(Math.max(...times));
  };
}

function isDue(wait: ResumedWait, now: Date): boolean {
  if (wait.signalPayload !== undefined) return true;
  return wait.resumeAt !== null && Date.parse(wait.resumeAt) <= now.getTime() + CLOCK_SLACK_MS;
}

function stored(wait: ResumedWait): PendingWait {
  const { signalPayload: _signalPayload, ...pending } = wait;
  return pending;
}

function resumption(pending: ResumedWait | undefined): Resumption | undefined {
  if (pending?.node === undefined) return undefined;
  return { state: pending.node.state, ...(pending.signalPayload === undefined ? {} : { signal: pending.signalPayload }) };
}

function inScope(record: StepRecord, scope: Scope): StepRecord {
  return scope.item === undefined ? record : { ...record, item: scope.item };
}

function carries(records: ReadonlyMap<string, StepRecord>, from: { node: string; port: string }): boolean {
  const source = records.get(from.node);
  return source?.status === 'succeeded' && source.ports.includes(from.port);
}

// Every upstream step has finished by now (topological order), so the taken branches are all here.
function joinedInput(records: ReadonlyMap<string, StepRecord>, sources: readonly string[]): Json {
  return Object.fromEntries(sources.map((source) => [source, records.get(source)?.output ?? null]));
}

export function skipped(planned: PlannedNode, ports: EnginePorts): StepRecord {
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
