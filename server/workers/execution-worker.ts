import { hostname } from 'node:os';
import { type Engine, type ExecutionResult, ExecutionStoppedError, type FlowPlan, type Json, type Logger, type PendingWait, type ResumedWait, type StepRecord } from '@weft/engine';
import { type Database, inTransaction, type Queryable } from '../storage/database.ts';
import { claimWithinLimit } from './concurrency-gate.ts';
import { type ExecutionOutcome, type FinishedExecution, finishExecutions } from '../storage/execution-lifecycle.ts';
import { claimExecutionsWithSteps, type ExecutionRecord, getExecutionWithSteps } from '../storage/executions-repo.ts';
import { createGroupCommit } from '../storage/group-commit.ts';
import type { LocalRunner } from '../storage/ingest-batcher.ts';
import { EXECUTE_QUEUE, EXECUTIONS_QUEUED_CHANNEL, type ExecuteJob, executeJobSchema, type JobQueue, plannedOn, preparedOn } from '../storage/job-queue.ts';
import { startPgListener } from '../storage/pg-listener.ts';
import { signalPayload } from '../storage/signals.ts';
import { startJobDispatcher } from './job-dispatcher.ts';
import { startWorkerLiveness } from './worker-liveness.ts';
import { planExecution } from './plan-execution.ts';
import { createIngressFirst } from './ingress-first.ts';
import { settleExecution } from './settle-execution.ts';
import { createStepCheckpoints } from './step-checkpoints.ts';

export interface ExecutionWorkerOptions {
  database: Database;
  queue: JobQueue;
  engine: Engine;
  logger: Logger;
  /** Executions this process runs at once. */
  concurrency: number;
  suspendAfterMs: number;
  /** For the LISTEN connection that wakes the worker when executions are queued. */
  connectionString: string;
  heartbeatSeconds: number;
  /** How long at a stretch runs nobody waits on may be held back for a burst being accepted here (see IngressFirst). */
  ingressFirstMs: number;
  /** Told of each outcome this worker commits, once committed (requests in this process may wait for it). */
  onFinished?: (executionId: string, outcome: ExecutionOutcome) => void;
}

/** How soon an execution held back by its flow's concurrency limit tries again. */
const BUSY_RETRY_MS = 500;

/** Names this process in `claimed_by`, so an operator can tell which worker ran (or lost) an execution. */
export const workerName = `${hostname()}:${process.pid}`;

export interface ExecutionWorker {
  /** Runs events this process accepts, when it has a slot free or room for them to wait, without a job. */
  local: LocalRunner;
  stop(): Promise<void>;
}

/**
 * Takes queued executions from pg-boss and runs them, checkpointing every step. Idle, it fetches
 * when executions are queued (NOTIFY, from any process) and once a second for those coming due.
 */
export async function startExecutionWorker(options: ExecutionWorkerOptions): Promise<ExecutionWorker> {
  // Fires on shutdown: running executions stop at their next step boundary and resume elsewhere.
  const stopping = new AbortController();
  const runOptions: RunOptions = { ...options, ...groupCommits(options.database, options.onFinished) };
  // Before this worker claims anything: it is then known to be alive.
  const liveness = await startWorkerLiveness({ database: options.database, queue: options.queue, workerName, heartbeatSeconds: options.heartbeatSeconds, logger: options.logger });
  const ingressFirst = createIngressFirst(options.ingressFirstMs);
  const dispatcher = startJobDispatcher({
    boss: options.queue.boss,
    // The worker's own connections: their commits do not wait for the WAL flush (see server.ts), so
    // neither claiming a job nor completing it waits for the disk.
    db: preparedOn(options.database),
    fetchDb: plannedOn(options.database),
    queue: EXECUTE_QUEUE,
    concurrency: options.concurrency,
    heartbeatSeconds: options.heartbeatSeconds,
    pollMs: 1_000,
    logger: options.logger,
    run: (job) => runExecution(runOptions, executeJobSchema.parse(job.data), stopping.signal),
    ingressFirst,
    handOn: (executionIds) => options.queue.enqueueExecutions(options.database, executionIds.map((executionId) => ({ data: { executionId } }))),
  });
  const listener = await startPgListener({
    connectionString: options.connectionString,
    applicationName: 'weft-worker-wakeups',
    channels: [EXECUTIONS_QUEUED_CHANNEL],
    onNotification: () => dispatcher.wake(),
    onReconnect: () => dispatcher.wake(),
    onError: (error) => options.logger.log('warn', 'worker wake-up connection lost', { error: error.message }),
  });
  return {
    local: {
      async take(event) {
        // Only what the fetched path would claim without reading first: a published version,
        // planned already, whose flow has no concurrency limit to count against.
        if (event.flowVersion === null || event.parent !== undefined) return undefined;
        const plan = options.engine.cachedPlan(`${event.flowId}@${event.flowVersion}`);
        if (plan === undefined || plan.document.settings.concurrency !== 0) return undefined;
        const slot = await dispatcher.reserve(eventBytes(event.payload));
        if (slot === undefined) return undefined;
        return {
          claimedBy: workerName,
          start(executionId, awaited) {
            const execution = { id: executionId, flowId: event.flowId, flowVersion: event.flowVersion, triggerNode: event.triggerNode, mode: event.mode, payload: event.payload, waits: [], parent: null };
            slot.start(executionId, () => runClaimed(runOptions, { execution, steps: [], plan }, stopping.signal), awaited);
          },
          cancel: () => slot.cancel(),
        };
      },
      accepting: ingressFirst.accepting,
      accepted: ingressFirst.accepted,
    },
    async stop() {
      stopping.abort();
      await listener.stop();
      await dispatcher.stop();
      // Last: what this worker ran has settled or been handed on.
      await liveness.stop();
    },
  };
}

/**
 * About what an event holds in memory: a webhook's body twice over (its text and what it was parsed
 * into); a small allowance for the rest, and for events of other triggers, which are small.
 */
function eventBytes(payload: Json): number {
  const rawBody = typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? payload.rawBody : undefined;
  return 1_024 + (typeof rawBody === 'string' ? 2 * rawBody.length : 0);
}

/**
 * Runs (or resumes) one execution. Steps already committed by an earlier attempt are handed to
 * the engine as finished, so a worker that died mid-flow costs only the step it was on.
 */
export async function runExecution(options: RunOptions, job: ExecuteJob, stopSignal?: AbortSignal) {
  const claimed = await claimForRun(options, job);
  if (claimed !== undefined) await runClaimed(options, claimed, stopSignal);
}

/** What running an execution needs of it, read by the claim or known by the process that accepted it. */
type RunnableExecution = Pick<ExecutionRecord, 'id' | 'flowId' | 'flowVersion' | 'triggerNode' | 'mode' | 'payload' | 'waits' | 'parent'>;

interface ClaimedExecution {
  execution: RunnableExecution;
  steps: StepRecord[];
  plan: FlowPlan;
}

async function runClaimed(options: RunOptions, claimed: ClaimedExecution, stopSignal?: AbortSignal) {
  const { database, engine } = options;
  const { execution, steps: finishedSteps, plan } = claimed;
  const executionId = execution.id;
  const document = plan.document;
  const resume = await resumedWaits(database, execution.waits);
  const steps = createStepCheckpoints({ database, executionId, payload: execution.payload, finishedSteps, mustCommitAtOnce: commitsBeforeNextStep(plan) });
  let result: ExecutionResult;
  try {
    result = await engine.execute({
      plan,
      execution: { id: executionId, flowId: execution.flowId, flowVersion: execution.flowVersion },
      payload: execution.payload,
      ...(execution.triggerNode === null ? {} : { triggerNodeId: execution.triggerNode }),
      resume,
      finishedSteps,
      suspendAfterMs: options.suspendAfterMs,
      checkpoint: steps.checkpoint,
      ...(stopSignal === undefined ? {} : { stopSignal }),
    });
  } catch (error) {
    // Stopped for shutdown: failing the job hands it back to pg-boss, and another worker resumes it.
    if (error instanceof ExecutionStoppedError) options.logger.log('info', 'execution paused for shutdown', { executionId });
    throw error;
  }
  await settleExecution(options, { ...execution, document }, result, steps.takeUnsaved());
}

type RunOptions = Pick<ExecutionWorkerOptions, 'database' | 'engine' | 'logger' | 'queue' | 'suspendAfterMs'> & ReturnType<typeof groupCommits>;

/**
 * The statements every execution runs, shared by the executions running at the same moment: the
 * executions of one fetch are claimed together, and those finishing together commit together.
 */
function groupCommits(database: Database, onFinished: ExecutionWorkerOptions['onFinished']) {
  const claimTogether = createGroupCommit(async (ids: string[]) => {
    const claimed = await claimExecutionsWithSteps(database, ids, workerName);
    return ids.map((id) => claimed.get(id));
  });
  const finishTogether = createGroupCommit(async (finished: FinishedExecution[]) => {
    await finishExecutions(database, finished);
    for (const entry of finished) onFinished?.(entry.executionId, entry.outcome);
    return finished.map(() => undefined);
  });
  return { claim: claimTogether, finish: finishTogether };
}

/**
 * Claims the execution for this worker and reads it with its finished steps and its plan, or
 * returns undefined when there is nothing to run now: it finished already, its flow no longer
 * plans, or its flow is at its concurrency limit (then it is queued again, to wait its turn).
 */
async function claimForRun(options: RunOptions, job: ExecuteJob): Promise<ClaimedExecution | undefined> {
  const { database, engine } = options;
  const hinted = job.flowId === undefined || job.flowVersion === undefined || job.flowVersion === null ? undefined : engine.cachedPlan(`${job.flowId}@${job.flowVersion}`);
  if (hinted !== undefined && hinted.document.settings.concurrency === 0) {
    // The common case, one round trip: a planned published version without a concurrency limit.
    const claimed = await options.claim(job.executionId);
    return claimed === undefined ? undefined : { ...claimed, plan: hinted };
  }
  const { execution, steps } = await getExecutionWithSteps(database, job.executionId);
  const cacheKey = execution.flowVersion === null ? undefined : `${execution.flowId}@${execution.flowVersion}`;
  // A published version is immutable: once planned, its document need not be read (and parsed) again.
  const plan = (cacheKey === undefined ? undefined : engine.cachedPlan(cacheKey)) ?? (await planExecution(options, execution, cacheKey));
  if (plan === undefined) return undefined;
  const claim = await claimWithinLimit(database, { executionId: execution.id, flowId: execution.flowId, limit: plan.document.settings.concurrency, workerName });
  if (claim === 'finished') return undefined;
  if (claim === 'busy') {
    await inTransaction(database, (client) => options.queue.enqueueExecution(client, execution.id, new Date(Date.now() + BUSY_RETRY_MS)));
    return undefined;
  }
  return { execution, steps, plan };
}

// Per plan, built once: a published version's plan is cached and shared by all its executions.
const commitRules = new WeakMap<FlowPlan, (step: StepRecord) => boolean>();

/**
 * Which finished steps must be committed before the next step starts: those with side effects,
 * except the flow's last top-level node, after which no step starts (it is committed with the outcome).
 */
function commitsBeforeNextStep(plan: FlowPlan): (step: StepRecord) => boolean {
  const known = commitRules.get(plan);
  if (known !== undefined) return known;
  const sideEffects = new Set(plan.nodes.filter((planned) => planned.definition.sideEffects === true).map((planned) => planned.node.id));
  const last = plan.nodes.findLast((planned) => planned.inLoop === undefined)?.node.id;
  const rule = (step: StepRecord) => sideEffects.has(step.nodeId) && (step.nodeId !== last || step.item !== undefined);
  commitRules.set(plan, rule);
  return rule;
}

/** What the engine needs to resume the steps a waiting execution was parked in, with their signals' payloads where raised. */
async function resumedWaits(database: Queryable, waits: readonly PendingWait[]): Promise<ResumedWait[]> {
  return Promise.all(
    waits.map(async (wait) => {
      const signal = wait.node?.signal;
      const payload = signal === undefined ? undefined : await signalPayload(database, signal);
      return payload === undefined ? wait : { ...wait, signalPayload: payload };
    }),
  );
}
