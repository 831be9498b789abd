import { NodeRunError, type StepError, toStepError } from '../errors.ts';
import type { ExpressionBindings } from '../expressions/expression.ts';
import { evaluateTemplate } from '../expressions/template.ts';
import type { FlowPlan, PlannedNode } from '../graph/plan.ts';
import { type Json, toJson } from '../json.ts';
import type { ExecutionInfo, NodeOutput, Resumption, WaitRequest } from '../node-contract.ts';
import { type EnginePorts, unavailableDeliveries, unavailableEvents, unavailableFlows } from '../ports.ts';
import type { StepRecord } from './records.ts';
import { redactStep } from './redact.ts';
import { resolveStepCredentials } from './step-credentials.ts';
import { createStepLog } from './step-log.ts';

export interface StepRun {
  planned: PlannedNode;
  plan: FlowPlan;
  input: Json;
  bindings: ExpressionBindings;
  execution: ExecutionInfo;
  ports: EnginePorts;
  signal: AbortSignal;
  /** 1 on the first attempt; retries count up. */
  attempt: number;
  /** For a node in a loop's body: the item it runs for. */
  item?: number;
  resumed?: Resumption;
}

/** One run of a node: it finished (succeeded or failed), or it asked to be run again later. */
export type StepAttempt = { kind: 'finished'; record: StepRecord } | { kind: 'wait'; wait: WaitRequest };

/**
 * Runs one node: evaluates its params, checks them, calls it, and records what happened. Every
 * secret of a credential resolved for the step is redacted from the record before anyone sees it.
 */
export async function runStep(step: StepRun): Promise<StepAttempt> {
  const secrets = new Set<string>();
  const attempt = await runNodeOnce(step, secrets);
  return attempt.kind === 'wait' ? attempt : { kind: 'finished', record: redactStep(attempt.record, secrets) };
}

async function runNodeOnce(step: StepRun, secrets: Set<string>): Promise<StepAttempt> {
  const { planned, ports } = step;
  const startedAt = ports.clock.now();
  const stepLog = createStepLog(ports.clock);
  const base = { nodeId: planned.node.id, nodeType: planned.node.type, input: step.input, logs: stepLog.entries, attempts: 1 };
  try {
    const params = await evaluateParams(step);
    const credentials = await resolveStepCredentials({ planned, ports, signal: step.signal, secrets });
    const result = await planned.definition.run({
      params,
      input: step.input,
      execution: step.execution,
      nodeId: planned.node.id,
      idempotencyKey: step.item === undefined ? `${step.execution.id}:${planned.node.id}` : `${step.execution.id}:${planned.node.id}:${step.item}`,
      attempt: step.attempt,
      http: ports.http,
      clock: ports.clock,
      log: stepLog.log,
      signal: step.signal,
      credentials,
      events: ports.events ?? unavailableEvents,
      trigger: step.bindings.trigger,
      nodes: step.bindings.nodes,
      code: ports.code,
      flows: ports.flows ?? unavailableFlows,
      deliveries: ports.deliveries ?? unavailableDeliveries,
      ...(step.resumed === undefined ? {} : { resumed: step.resumed }),
    });
    if ('wait' in result) return { kind: 'wait', wait: checkedWait(result.wait) };
    const finishedAt = ports.clock.now();
    const record: StepRecord = {
      ...base,
      status: 'succeeded',
      // A node that hands its input on (a trigger, a filter) returns JSON already: kept as the very
      // same value, so storing it can tell it is the input again without serializing it.
      output: result.output === step.input ? step.input : toJson(result.output),
      ports: chosenPorts(planned, result),
      error: null,
      ...timings(startedAt, finishedAt),
      ...(result.response === undefined ? {} : { response: result.response }),
    };
    return { kind: 'finished', record };
  } catch (error) {
    const finishedAt = ports.clock.now();
    const stepError = step.signal.aborted && !(error instanceof NodeRunError) ? stoppedError(step.signal) : toStepError(error);
    return { kind: 'finished', record: { ...base, status: 'failed', output: null, ports: [], error: stepError, ...timings(startedAt, finishedAt) } };
  }
}

function checkedWait(wait: WaitRequest): WaitRequest {
  if (wait.until === undefined && wait.signal === undefined) {
    throw new NodeRunError('invalid_wait', 'the node asked to wait without saying until when or for which signal');
  }
  if (wait.until !== undefined && Number.isNaN(wait.until.getTime())) throw new NodeRunError('invalid_wait', 'the node asked to wait until an invalid time');
  return { ...wait, ...(wait.state === undefined ? {} : { state: toJson(wait.state) }) };
}

async function evaluateParams(step: StepRun): Promise<unknown> {
  const evaluated = await evaluateTemplate(step.planned.node.params, step.plan.expressions, step.bindings);
  const parsed = step.planned.definition.params.safeParse(evaluated ?? {});
  if (parsed.success) return parsed.data;
  const reasons = parsed.error.issues.map((issue) => `${['params', ...issue.path.map(String)].join('.')}: ${issue.message}`);
  throw new NodeRunError('invalid_params', `the node's settings are invalid after evaluating expressions: ${reasons.join('; ')}`, {
    details: { issues: reasons },
  });
}

function chosenPorts(planned: PlannedNode, result: NodeOutput): string[] {
  const ports = result.ports ?? planned.definition.outputs;
  const unknown = ports.filter((port) => !planned.definition.outputs.includes(port));
  if (unknown.length > 0) throw new NodeRunError('invalid_port', `${planned.node.type} emitted on unknown port(s): ${unknown.join(', ')}`);
  return [...ports];
}

/** The step error for a node stopped by the execution's time limit. */
export function stoppedError(signal: AbortSignal): StepError {
  const reason: unknown = signal.reason;
  return { code: 'execution_timeout', message: reason instanceof Error ? reason.message : 'the execution timed out', retryable: false };
}

export function timings(startedAt: Date, finishedAt: Date) {
  return {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: Math.max(0, finishedAt.getTime() - startedAt.getTime()),
  };
}
