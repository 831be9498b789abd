import type { StepRecord } from '@weft/engine';
import type { Queryable } from './database.ts';

/** Steps of one execution, numbered from `firstSeq`, to be committed. */
export interface UnsavedSteps {
  firstSeq: number;
  steps: readonly StepRecord[];
}

const STEP_COLUMNS = [
  'execution_id',
  'node_id',
  'seq',
  'node_type',
  'status',
  'input',
  'output',
  'ports',
  'error',
  'logs',
  'attempts',
  'response',
  'started_at',
  'finished_at',
  'duration_ms',
  'item',
] as const;

/** One row of `weft_steps`. */
export interface StepRow {
  executionId: string;
  seq: number;
  step: StepRecord;
}

/** The rows of unsaved steps, numbered from their `firstSeq`. */
export function stepRowsOf(executionId: string, unsaved: UnsavedSteps): StepRow[] {
  return unsaved.steps.map((step, index) => ({ executionId, seq: unsaved.firstSeq + index, step }));
}

// PostgreSQL takes at most 65,535 parameters in a statement.
export const MAX_STEP_ROWS_PER_STATEMENT = Math.floor(65_535 / STEP_COLUMNS.length) - 1;

/**
 * An INSERT of step rows (at most MAX_STEP_ROWS_PER_STATEMENT), with its parameters starting at
 * `$<firstParam>`: alone, or as a CTE that commits steps in the same statement as outcomes. A step
 * already stored (a resumed run saving it again) is left as it was. Each JSON value is its own
 * parameter: PostgreSQL checks it once, where one JSON document holding them all is parsed twice.
 */
export function insertStepsSql(rows: readonly StepRow[], firstParam = 1): { sql: string; values: unknown[] } {
  const width = STEP_COLUMNS.length;
  const placeholders = rows.map((_, row) => `(${STEP_COLUMNS.map((_column, column) => `$${firstParam + row * width + column}`).join(', ')})`);
  return {
    sql: `INSERT INTO weft_steps (${STEP_COLUMNS.join(', ')}) VALUES ${placeholders.join(', ')}
          ON CONFLICT (execution_id, node_id, (COALESCE(item, -1))) DO NOTHING`,
    values: rows.flatMap((row) => stepValues(row.executionId, row.seq, row.step)),
  };
}

function stepValues(executionId: string, seq: number, step: StepRecord): unknown[] {
  return [
    executionId,
    step.nodeId,
    seq,
    step.nodeType,
    step.status,
    JSON.stringify(step.input),
    JSON.stringify(step.output),
    step.ports,
    step.error === null ? null : JSON.stringify(step.error),
    JSON.stringify(step.logs),
    step.attempts,
    step.response === undefined ? null : JSON.stringify(step.response),
    step.startedAt,
    step.finishedAt,
    step.durationMs,
    step.item ?? null,
  ];
}

/** Commits step rows, in as few statements as the parameter limit allows. */
export async function saveStepRows(database: Queryable, rows: readonly StepRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += MAX_STEP_ROWS_PER_STATEMENT) {
    const insert = insertStepsSql(rows.slice(start, start + MAX_STEP_ROWS_PER_STATEMENT));
    await database.query(insert.sql, insert.values);
  }
}
