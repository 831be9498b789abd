import { type ExpressionLimits, defaultExpressionLimits } from './expressions/expression.ts';
import { analyzeFlow } from './graph/analyze.ts';
import type { Problem } from './graph/problem.ts';
import { type FlowPlan, planFlow } from './graph/plan.ts';
import type { FlowDocument } from './flow/schema.ts';
import type { NodeRegistry } from './node-contract.ts';
import type { EnginePorts } from './ports.ts';
import { type ExecuteRequest, executeFlow } from './run/execute.ts';
import type { ExecutionResult } from './run/records.ts';

export interface EngineOptions {
  registry: NodeRegistry;
  ports: EnginePorts;
  expressionLimits?: Partial<ExpressionLimits>;
  /** How many planned flow versions to keep compiled. */
  planCacheSize?: number;
}

export interface Validation {
  document: FlowDocument | undefined;
  problems: Problem[];
}

export interface Engine {
  readonly registry: NodeRegistry;
  /** Every problem with a flow document; an empty list means it can be published and run. */
  validate(input: unknown): Validation;
  /**
   * Plans a valid flow (throws `invalid_flow` otherwise). With a `cacheKey` (one per immutable flow
   * version), the plan and its compiled expressions are built once and reused.
   */
  plan(input: unknown, cacheKey?: string): FlowPlan;
  /** The plan already built for `cacheKey`, if it is still cached and the registry has not changed since. */
  cachedPlan(cacheKey: string): FlowPlan | undefined;
  execute(request: ExecuteRequest): Promise<ExecutionResult>;
}

export function createEngine(options: EngineOptions): Engine {
  const limits: ExpressionLimits = { ...defaultExpressionLimits, ...options.expressionLimits };
  const cacheSize = options.planCacheSize ?? 500;
  // A Map iterates in insertion order, so re-inserting on use makes the first key the least recently used.
  const plans = new Map<string, FlowPlan>();
  let plansGeneration = options.registry.generation;

  const cachedPlan = (cacheKey: string): FlowPlan | undefined => {
    // A plan holds the node definitions it was built with: once they change (a pack removed or
    // upgraded), every cached plan is rebuilt, so none keeps running a definition that is gone.
    if (options.registry.generation !== plansGeneration) {
      plans.clear();
      plansGeneration = options.registry.generation;
    }
    const cached = plans.get(cacheKey);
    if (cached === undefined) return undefined;
    plans.delete(cacheKey);
    plans.set(cacheKey, cached);
    return cached;
  };

  const plan = (input: unknown, cacheKey?: string): FlowPlan => {
    if (cacheKey === undefined) return planFlow(input, options.registry, limits);
    const cached = cachedPlan(cacheKey);
    if (cached !== undefined) return cached;
    const fresh = planFlow(input, options.registry, limits);
    plans.set(cacheKey, fresh);
    const oldest = plans.keys().next();
    if (plans.size > cacheSize && oldest.done !== true) plans.delete(oldest.value);
    return fresh;
  };

  return {
    registry: options.registry,
    validate(input) {
      const analysis = analyzeFlow(input, options.registry, limits);
      return { document: analysis.document, problems: analysis.problems };
    },
    plan,
    cachedPlan,
    execute: (request) => executeFlow(request, options.ports),
  };
}
