import type { Queryable } from '../../storage/database.ts';
import { type ExecutionRecord, getExecution, loadSteps } from '../../storage/executions-repo.ts';

/** The JSON a client sees for one execution in a list. */
export function executionSummary(execution: ExecutionRecord) {
  return {
    id: execution.id,
    flowId: execution.flowId,
    flowVersion: execution.flowVersion,
    mode: execution.mode,
    status: execution.status,
    triggerNode: execution.triggerNode,
    error: execution.error,
    waits: execution.waits,
    parent: execution.parent,
    claimedBy: execution.claimedBy,
    replayOf: execution.replayOf,
    createdAt: execution.createdAt.toISOString(),
    startedAt: execution.startedAt?.toISOString() ?? null,
    finishedAt: execution.finishedAt?.toISOString() ?? null,
    durationMs: execution.durationMs,
  };
}

/** One execution with its event and every step's input, output and error. */
export async function executionDetails(database: Queryable, executionId: string) {
  const execution = await getExecution(database, executionId);
  const steps = await loadSteps(database, executionId);
  return { ...executionSummary(execution), payload: execution.payload, response: execution.response, steps };
}
