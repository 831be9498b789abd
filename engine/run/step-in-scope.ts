import { z } from 'zod';
import type { PlannedNode } from '../graph/plan.ts';
import { type Json, jsonSchema } from '../json.ts';
import { nextStep } from './next-step.ts';
import type { PendingWait, StepRecord } from './records.ts';
import { type Outcome, type RunState, type Scope, stepKey } from './run-state.ts';
import { timings } from './run-step.ts';
import { ExecutionStoppedError } from './stopped.ts';

/**
 * Runs (or takes from an earlier run) one step in a scope and records it there; a loop node runs
 * its whole body, once per item, before its step is recorded. Stops between steps when asked to.
 */
export async function stepInScope(run: RunState, planned: PlannedNode, scope: Scope): Promise<Outcome> {
  run.request.signal?.throwIfAborted();
  if (run.request.stopSignal?.aborted) throw new ExecutionStoppedError('execution_stopped', 'the execution was stopped between steps; it resumes later');
  const previous = run.finished.get(stepKey(planned.node.id, scope.item));
  let outcome: Outcome = previous === undefined ? await nextStep(run, planned, scope) : { kind: 'finished', record: previous };
  // A loop's step is checkpointed only once its body ran for every item, so a resumed run re-enters an unfinished loop.
  if (previous === undefined && outcome.kind === 'finished' && planned.body !== undefined && outcome.record.status === 'succeeded') {
    outcome = await runLoop(run, planned, planned.body, outcome.record, scope);
  }
  if (outcome.kind === 'waiting') return outcome;
  const record = outcome.record;
  scope.records.set(record.nodeId, record);
  if (record.status === 'succeeded') scope.outputs[record.nodeId] = record.output;
  run.steps.push(record);
  if (previous === undefined) await run.request.checkpoint?.(record);
  return outcome;
}

/** What a loop node outputs before its body runs: the items, and how many may run at once. */
const loopPlanSchema = z.object({ items: z.array(jsonSchema), concurrency: z.int().min(1) });

type ItemOutcome = { kind: 'done'; result: Json | undefined } | { kind: 'failed'; record: StepRecord } | Extract<Outcome, { kind: 'waiting' }>;

/**
 * Runs a loop's body for every item, at most `concurrency` at once, in item order. Once an item
 * fails or must wait, no further item starts; the loop fails, or the execution suspends with every
 * waiting item and resumes them (finished items are not run again).
 */
async function runLoop(run: RunState, loop: PlannedNode, body: readonly PlannedNode[], started: StepRecord, scope: Scope): Promise<Outcome> {
  const parsed = loopPlanSchema.safeParse(started.output);
  const loopDefinition = loop.definition.loop;
  if (!parsed.success || loopDefinition === undefined) return failedLoop(run, started, 'invalid_loop_output', `${loop.node.type} did not output { items, concurrency }`);
  const { items, concurrency } = parsed.data;
  const results: (Json | undefined)[] = [];
  const waits: PendingWait[] = [];
  let retryFailure: StepRecord | undefined;
  let failure: { index: number; record: StepRecord } | undefined;
  let crashed = false;
  let next = 0;
  const shape: LoopShape = { body, bodyPort: loopDefinition.bodyPort, started };
  const lane = async () => {
    while (next < items.length && failure === undefined && waits.length === 0 && !crashed) {
      const index = next++;
      const outcome = await runItem(run, shape, { index, item: items[index] ?? null }, scope).catch((error: unknown) => {
        crashed = true;
        throw error;
      });
      if (outcome.kind === 'done') results[index] = outcome.result;
      else if (outcome.kind === 'failed') failure ??= { index, record: outcome.record };
      else {
        waits.push(...outcome.waits);
        retryFailure ??= outcome.failed;
      }
    }
  };
  // Settled, not raced: when one lane throws (the run is stopping), the others finish their step first.
  const lanes = await Promise.allSettled(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  const thrown = lanes.find((settled) => settled.status === 'rejected');
  if (thrown !== undefined) throw thrown.reason;
  if (failure !== undefined) {
    const { index, record } = failure;
    return failedLoop(run, started, 'loop_item_failed', `item ${index} failed at "${record.nodeId}": ${record.error?.message ?? 'the step failed'}`);
  }
  if (waits.length > 0) return { kind: 'waiting', waits, ...(retryFailure === undefined ? {} : { failed: retryFailure }) };
  const collected = results.filter((result): result is Json => result !== undefined);
  return { kind: 'finished', record: { ...started, output: collected, ports: [loopDefinition.donePort], ...timings(new Date(started.startedAt), run.ports.clock.now()) } };
}

interface LoopShape {
  body: readonly PlannedNode[];
  bodyPort: string;
  /** The loop node's step, before its body ran: each item's scope sees the item as its output. */
  started: StepRecord;
}

/** Runs the body for one item. Its result is what the body's end steps output; undefined when none ran (the item was filtered out). */
async function runItem(run: RunState, shape: LoopShape, at: { index: number; item: Json }, outer: Scope): Promise<ItemOutcome> {
  const loopId = shape.started.nodeId;
  const scope: Scope = { records: new Map(outer.records), outputs: { ...outer.outputs, [loopId]: at.item }, item: at.index };
  scope.records.set(loopId, { ...shape.started, output: at.item, ports: [shape.bodyPort] });
  for (const planned of shape.body) {
    const outcome = await stepInScope(run, planned, scope);
    if (outcome.kind === 'waiting') return outcome;
    if (outcome.record.status === 'failed') return { kind: 'failed', record: outcome.record };
  }
  const ends = shape.body.filter((planned) => !shape.body.some((other) => other.incoming.some((edge) => edge.from.node === planned.node.id)));
  const ran = ends.filter((planned) => scope.records.get(planned.node.id)?.status === 'succeeded');
  if (ran.length === 0) return { kind: 'done', result: undefined };
  if (ran.length === 1) return { kind: 'done', result: scope.outputs[ran[0]?.node.id ?? ''] ?? null };
  return { kind: 'done', result: Object.fromEntries(ran.map((planned) => [planned.node.id, scope.outputs[planned.node.id] ?? null])) };
}

function failedLoop(run: RunState, started: StepRecord, code: string, message: string): Outcome {
  const record: StepRecord = { ...started, status: 'failed', output: null, ports: [], error: { code, message, retryable: false }, ...timings(new Date(started.startedAt), run.ports.clock.now()) };
  return { kind: 'finished', record };
}
