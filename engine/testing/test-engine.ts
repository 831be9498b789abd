import { builtinPacks } from '../../nodes/index.ts';
import { type Engine, createEngine } from '../engine.ts';
import type { ExpressionLimits } from '../expressions/expression.ts';
import type { Json } from '../json.ts';
import { type ExecutionInfo, type NodeDefinition, createNodeRegistry } from '../node-contract.ts';
import { type EnginePorts, type HttpPort, silentLogger, systemClock, unavailableCode } from '../ports.ts';
import type { ExecuteRequest } from '../run/execute.ts';
import type { ExecutionResult, StepRecord } from '../run/records.ts';

export interface TestEngineOptions {
  /** Node definitions to install besides the built-in packs. */
  nodes?: readonly NodeDefinition[];
  expressionLimits?: Partial<ExpressionLimits>;
  planCacheSize?: number;
  /** Ports to add or replace (credentials, rate limits, …). */
  ports?: Partial<EnginePorts>;
}

const noHttp: HttpPort = {
  request: async (request) => {
    throw new Error(`this test engine has no network; ${request.method} ${request.url} was not sent`);
  },
};

/** An engine with the built-in packs (and any extra nodes), the system clock and no network. */
export function testEngine(options: TestEngineOptions = {}): Engine {
  return createEngine({
    registry: createNodeRegistry([...builtinPacks.flatMap((pack) => pack.nodes), ...(options.nodes ?? [])]),
    ports: { http: noHttp, clock: systemClock, logger: silentLogger, code: unavailableCode, ...options.ports },
    ...(options.expressionLimits === undefined ? {} : { expressionLimits: options.expressionLimits }),
    ...(options.planCacheSize === undefined ? {} : { planCacheSize: options.planCacheSize }),
  });
}

export const testExecution: ExecutionInfo = { id: 'exec_1', flowId: 'test-flow', flowVersion: 3 };

/** Plans `document` and runs it for `payload` as execution `exec_1`. */
export function runFlow(
  engine: Engine,
  document: unknown,
  payload: Json = null,
  request: Partial<Omit<ExecuteRequest, 'plan' | 'payload'>> = {},
): Promise<ExecutionResult> {
  return engine.execute({ plan: engine.plan(document), execution: testExecution, payload, ...request });
}

/** The step a node left in a result; fails the test when the node has none. */
export function stepOf(result: ExecutionResult, nodeId: string): StepRecord {
  const step = result.steps.find((candidate) => candidate.nodeId === nodeId);
  if (step === undefined) throw new Error(`no step for ${nodeId}; steps: ${result.steps.map((s) => s.nodeId).join(', ')}`);
  return step;
}

/** Node id → status, for asserting what ran, what was skipped and what failed in one line. */
export function statuses(result: ExecutionResult): Record<string, string> {
  return Object.fromEntries(result.steps.map((step) => [step.nodeId, step.status]));
}
