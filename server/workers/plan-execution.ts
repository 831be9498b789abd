import { type Engine, type ExecutionFailure, type FlowPlan, ValidationError } from '@weft/engine';
import { z } from 'zod';
import { documentOfExecution, type ExecutionRecord } from '../storage/executions-repo.ts';
import { type SettleOptions, settleExecution } from './settle-execution.ts';

const problemsSchema = z.object({ problems: z.array(z.object({ code: z.string(), message: z.string(), nodeId: z.string().optional() })).min(1) });

/**
 * Plans the flow version an execution runs. A version that planned when it was published can stop
 * planning later, when a node pack it uses is removed (or upgraded without a migration for its
 * typeVersion) in a running Weft. No retry changes that, so the execution fails at once, naming
 * the node and what it lacks, and undefined comes back.
 */
export async function planExecution(options: SettleOptions & { engine: Engine }, execution: ExecutionRecord, cacheKey: string | undefined): Promise<FlowPlan | undefined> {
  const document = await documentOfExecution(options.database, execution.id);
  try {
    return options.engine.plan(document, cacheKey);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // A second job for an execution that already finished must not finish it again.
    if (execution.status === 'succeeded' || execution.status === 'failed') return undefined;
    const failure = unrunnable(error);
    options.logger.log('warn', 'execution cannot run: its flow no longer plans', { executionId: execution.id, ...failure });
    await settleExecution(options, { ...execution, document }, { status: 'failed', steps: [], error: failure, response: null, waits: [] });
    return undefined;
  }
}

function unrunnable(error: ValidationError): ExecutionFailure {
  const parsed = problemsSchema.safeParse(error.details);
  if (!parsed.success) return { nodeId: '', code: error.code, message: error.message };
  const problems = parsed.data.problems;
  const reasons = problems.map((problem) => (problem.nodeId === undefined ? problem.message : `node "${problem.nodeId}": ${problem.message}`));
  return { nodeId: problems[0]?.nodeId ?? '', code: problems[0]?.code ?? error.code, message: `the flow cannot run as it was saved: ${reasons.join('; ')}` };
}
