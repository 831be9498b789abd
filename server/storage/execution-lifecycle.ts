import type { ExecutionFailure, ExecutionResult, PendingWait } from '@weft/engine';
import type { Queryable } from './database.ts';
import { insertRows, MAX_ROWS_PER_INSERT, type PreparedInsert } from './row-insert.ts';
import { STEP_INSERT, STEP_OWNERS, type StepRow, saveStepRows } from './step-rows.ts';

export const EXECUTION_FINISHED_CHANNEL = 'weft_execution_finished';

/**
 * The UPDATE that claims the executions `ids` for worker $2, leaving out those already finished (a
 * redelivered job). wait_state stays: should this run die before the step it waited in finishes,
 * the next run must still resume that step (a delay must not start over, a child flow must not
 * start twice).
 */
export const claimExecutionsSql = (ids: string) => `UPDATE weft_executions SET status = 'running', started_at = COALESCE(started_at, now()), claimed_by = $2,
            resume_at = NULL, wait_signal = NULL
      WHERE id = ANY(${ids}) AND status IN ('queued', 'running', 'waiting')`;

/** Claims an execution for running. Returns false when it already finished, so the worker leaves it alone. */
export async function markRunning(database: Queryable, executionId: string, workerName: string): Promise<boolean> {
  const result = await database.query(claimExecutionsSql('ARRAY[$1::uuid]'), [executionId, workerName]);
  return result.rowCount === 1;
}

/** When the first of these waits is due; undefined when only signals wake them. */
export function earliestResume(waits: readonly PendingWait[]): Date | undefined {
  const times = waits.flatMap((wait) => (wait.resumeAt === null ? [] : [Date.parse(wait.resumeAt)]));
  return times.length === 0 ? undefined : new Date(Math.min(...times));
}

/**
 * Parks an execution in the steps it waits in. It resumes at the earliest of their times, or when
 * the signal one of them waits for is raised (the others are checked then, and it parks again if
 * any still waits). `status` is 'queued' when a signal came already; the caller queues the job.
 */
export async function markWaiting(
  database: Queryable,
  executionId: string,
  waits: readonly PendingWait[],
  options: { error: ExecutionFailure | null; status: 'waiting' | 'queued'; signal: string | null },
) {
  await database.query(
    `UPDATE weft_executions SET status = $2, error = $3, wait_state = $4, resume_at = $5, wait_signal = $6 WHERE id = $1`,
    [
      executionId,
      options.status,
      options.error === null ? null : JSON.stringify(options.error),
      JSON.stringify(waits),
      earliestResume(waits) ?? null,
      options.status === 'waiting' ? options.signal : null,
    ],
  );
}

export interface ExecutionOutcome extends Pick<ExecutionResult, 'error' | 'response'> {
  status: 'succeeded' | 'failed';
}

export interface FinishedExecution {
  executionId: string;
  outcome: ExecutionOutcome;
  /** Steps not committed yet, committed with the outcome. */
  steps?: readonly StepRow[];
}

/**
 * Stores the outcomes of finished executions with their uncommitted steps, in one statement, and
 * tells waiting HTTP answers (EXECUTION_FINISHED_CHANNEL) in the same commit.
 */
export async function finishExecutions(database: Queryable, finished: readonly FinishedExecution[]): Promise<void> {
  if (finished.length === 0) return;
  const rows = finished.flatMap((entry) => entry.steps ?? []);
  // Steps beyond what one statement takes go first: a checkpoint stored without its outcome is
  // what a resumed run starts from anyway.
  const last = Math.max(0, rows.length - MAX_ROWS_PER_INSERT);
  await saveStepRows(database, rows.slice(0, last));
  const steps = rows.length === last ? undefined : insertRows(STEP_INSERT, rows.slice(last), 2);
  const outcomes = finished.map((entry) => ({ id: entry.executionId, status: entry.outcome.status, error: entry.outcome.error, response: entry.outcome.response }));
  await database.query({ ...finishStatement(steps), values: [JSON.stringify(outcomes), ...(steps?.values ?? [])] });
}

const finishStatements = new Map<string, { name: string; text: string }>();

// Prepared, like the steps' INSERT it may hold: one statement per shape of that (see insertRows),
// its text built once.
function finishStatement(steps: PreparedInsert | undefined): { name: string; text: string } {
  const name = `weft-finish-executions${steps === undefined ? '' : `-with-${steps.name}`}`;
  const known = finishStatements.get(name);
  if (known !== undefined) return known;
  // The executions it updates (and so locks) are those whose steps it may insert. They are found
  // by their ids as an array, which only the primary key answers: joined on the outcomes alone,
  // planned for json_to_recordset's guess of 100 rows, each finish read the whole table.
  const text = `WITH ${STEP_OWNERS} AS (
       UPDATE weft_executions e SET status = outcome.status, error = outcome.error, response = outcome.response, finished_at = now()
         FROM json_to_recordset($1) AS outcome(id uuid, status text, error jsonb, response json)
        WHERE e.id = ANY(ARRAY(SELECT id FROM json_to_recordset($1) AS finished(id uuid))) AND e.id = outcome.id
       RETURNING e.id
     )${steps === undefined ? '' : `, saved AS (${steps.text})`}
     SELECT pg_notify('${EXECUTION_FINISHED_CHANNEL}', id::text) FROM ${STEP_OWNERS}`;
  finishStatements.set(name, { name, text });
  return { name, text };
}

export function finishExecution(database: Queryable, executionId: string, outcome: ExecutionOutcome, steps: readonly StepRow[] = []): Promise<void> {
  return finishExecutions(database, [{ executionId, outcome, steps }]);
}
