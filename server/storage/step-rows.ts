import type { StepRecord } from '@weft/engine';

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

/**
 * An INSERT of step rows, numbered from `firstSeq`, with its parameters starting at `$<firstParam>`:
 * alone, or as a CTE that commits steps in the same statement as the execution's outcome. A step
 * already stored (a resumed run saving it again) is left as it was.
 */
export function insertStepsSql(executionId: string, firstSeq: number, steps: readonly StepRecord[], firstParam = 1): { sql: string; values: unknown[] } {
  const width = STEP_COLUMNS.length;
  const rows = steps.map((_, row) => `(${STEP_COLUMNS.map((_column, column) => `$${firstParam + row * width + column}`).join(', ')})`);
  return {
    sql: `INSERT INTO weft_steps (${STEP_COLUMNS.join(', ')}) VALUES ${rows.join(', ')}
          ON CONFLICT (execution_id, node_id, (COALESCE(item, -1))) DO NOTHING`,
    values: steps.flatMap((step, index) => stepValues(executionId, firstSeq + index, step)),
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
