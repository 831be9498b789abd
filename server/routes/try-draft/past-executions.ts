import { type FlowDocument, NotFoundError, type StepRecord, ValidationError } from '@weft/engine';
import type { Queryable } from '../../storage/database.ts';
import { documentOfExecution, type ExecutionRecord, findExecution, loadSteps } from '../../storage/executions-repo.ts';

/** A finished execution with what a try needs: its event, the flow version that ran it and its steps. */
export interface PastExecution {
  execution: ExecutionRecord;
  document: FlowDocument;
  steps: StepRecord[];
}

const finishedStatuses: readonly string[] = ['succeeded', 'failed'];

/**
 * Loads the executions to try, in the order asked (each once). Every id must name a finished
 * execution of this flow: an unknown id is 404, one of another flow or one still running is 422,
 * each listing the offending ids so a client can drop them and ask again.
 */
export async function loadPastExecutions(database: Queryable, flowId: string, executionIds: readonly string[]): Promise<PastExecution[]> {
  const ids = [...new Set(executionIds)];
  const found = await Promise.all(ids.map(async (id) => ({ id, execution: await findExecution(database, id) })));
  const unknown = found.filter((entry) => entry.execution === undefined).map((entry) => entry.id);
  if (unknown.length > 0) {
    throw new NotFoundError('execution_not_found', `no execution has the id ${quoted(unknown)}`, { details: { executionIds: unknown } });
  }
  const executions = found.flatMap((entry) => (entry.execution === undefined ? [] : [entry.execution]));
  const foreign = executions.filter((execution) => execution.flowId !== flowId).map((execution) => execution.id);
  if (foreign.length > 0) {
    throw new ValidationError('execution_of_other_flow', `${quoted(foreign)} ran another flow, not "${flowId}"`, { details: { executionIds: foreign } });
  }
  const unfinished = executions.filter((execution) => !finishedStatuses.includes(execution.status)).map((execution) => execution.id);
  if (unfinished.length > 0) {
    throw new ValidationError('execution_not_finished', `${quoted(unfinished)} has not finished yet; try it once it has`, {
      details: { executionIds: unfinished },
    });
  }
  return Promise.all(
    executions.map(async (execution) => ({
      execution,
      document: await documentOfExecution(database, execution.id),
      steps: await loadSteps(database, execution.id),
    })),
  );
}

function quoted(ids: readonly string[]): string {
  return ids.map((id) => `"${id}"`).join(', ');
}
