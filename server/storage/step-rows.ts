import type { Json, StepRecord } from '@weft/engine';
import type { Queryable } from './database.ts';
import { type InsertColumn, insertRows, MAX_ROWS_PER_INSERT, type RowInsert } from './row-insert.ts';

const STEP_COLUMNS: readonly InsertColumn[] = [
  ['execution_id', 'uuid'],
  ['node_id', 'text'],
  ['seq', 'int'],
  ['node_type', 'text'],
  ['status', 'text'],
  ['input', 'json'],
  ['input_ref', 'text'],
  ['output', 'json'],
  ['output_ref', 'text'],
  ['ports', 'text[]'],
  ['error', 'jsonb'],
  ['logs', 'jsonb'],
  ['attempts', 'int'],
  ['response', 'json'],
  ['started_at', 'timestamptz'],
  ['finished_at', 'timestamptz'],
  ['duration_ms', 'int'],
  ['item', 'int'],
];

/**
 * One row of `weft_steps`, its input and output serialized: each is the JSON text, or (when it
 * repeats a value stored earlier in the same execution) null with a reference to that value.
 */
export interface StepRow {
  executionId: string;
  seq: number;
  step: StepRecord;
  input: StoredValue;
  output: StoredValue;
}

type StoredValue = { json: string } | { ref: string };
type ValueField = 'input' | 'output';

// Shorter values are stored as they are: a reference would save next to nothing.
const MIN_SHARED_LENGTH = 64;

const stepKey = (nodeId: string, item: number | undefined) => `${item ?? ''}:${nodeId}`;
const valueRef = (field: ValueField, step: StepRecord) => `${field}:${stepKey(step.nodeId, step.item)}`;

export interface StepRowWriter {
  /** The rows for the next finished steps of the execution, numbered on from the last ones. */
  rowsOf(steps: readonly StepRecord[]): StepRow[];
}

// The execution's own payload (the event), which its trigger step takes as input.
const PAYLOAD_REF = 'payload';

/**
 * Turns an execution's finished steps into rows, storing each distinct input or output value once
 * per execution (see migration 0011). `execution.steps` are the steps committed before, and the
 * payload is stored with the execution: later steps may refer to either.
 */
export function createStepRowWriter(executionId: string, execution: { payload?: Json; steps?: readonly StepRecord[] } = {}): StepRowWriter {
  const stored = execution.steps ?? [];
  // Where each value is stored, by its JSON text and, to skip serializing a value handed on from
  // step to step unchanged, by the object itself.
  const byText = new Map<string, string>();
  const byObject = new Map<object, string>();
  const { payload } = execution;
  if (isObject(payload)) byObject.set(payload, PAYLOAD_REF);
  // The payload's text is only needed once a step's value may be a copy of it.
  let payloadText = payload === undefined ? undefined : () => JSON.stringify(payload);
  let seq = stored.length;
  const place = (field: ValueField, step: StepRecord, value: Json): StoredValue => {
    const sameObject = isObject(value) ? byObject.get(value) : undefined;
    if (sameObject !== undefined) return { ref: sameObject };
    // A value the engine left undefined is stored as null, as it always was.
    const json = JSON.stringify(value) ?? 'null';
    if (json.length < MIN_SHARED_LENGTH) return { json };
    if (payloadText !== undefined && payload !== undefined && sameShape(value, payload)) {
      byText.set(payloadText(), PAYLOAD_REF);
      payloadText = undefined;
    }
    const ref = byText.get(json) ?? valueRef(field, step);
    if (isObject(value)) byObject.set(value, ref);
    if (byText.has(json)) return { ref };
    byText.set(json, ref);
    return { json };
  };
  for (const step of stored) {
    place('input', step, step.input);
    place('output', step, step.output);
  }
  return {
    rowsOf: (steps) =>
      steps.map((step) => {
        const input = place('input', step, step.input);
        return { executionId, seq: seq++, step, input, output: place('output', step, step.output) };
      }),
  };
}

/**
 * False when `value` cannot be a copy of `payload`: a copy has the same kind and, being serialized
 * in key order, the same keys in the same order. Checking that first spares serializing the payload
 * (often kilobytes) for every execution whose steps output something else.
 */
function sameShape(value: Json, payload: Json): boolean {
  if (Array.isArray(payload)) return Array.isArray(value) && value.length === payload.length;
  if (!isObject(payload)) return typeof value === typeof payload;
  if (!isObject(value) || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const payloadKeys = Object.keys(payload);
  return keys.length === payloadKeys.length && keys.every((key, index) => key === payloadKeys[index]);
}

function isObject(value: Json | undefined): value is Json[] | { [key: string]: Json } {
  return typeof value === 'object' && value !== null;
}

/** A step as read back, with the references its row holds instead of repeated values. */
export interface StoredStep {
  step: StepRecord;
  inputRef: string | null;
  outputRef: string | null;
  /** The execution's payload, read along with a row that refers to it. */
  payload: Json | null;
}

/** The columns a reader of `weft_steps s` selects, besides the step's own, to put shared values back. */
export const SHARED_VALUE_COLUMNS = `input_ref, output_ref,
  CASE WHEN '${PAYLOAD_REF}' IN (input_ref, output_ref) THEN (SELECT e.payload FROM weft_executions e WHERE e.id = s.execution_id) END AS payload`;

/**
 * Puts the referred values back into steps read from their rows. A reference names a step by node
 * and item, so a row stored by an earlier run of the execution serves as well; a chain of them is
 * followed, and one that leads nowhere (never expected) reads as null rather than failing the read.
 */
export function withSharedValues(stored: readonly StoredStep[]): StepRecord[] {
  const byStep = new Map(stored.map((entry) => [stepKey(entry.step.nodeId, entry.step.item), entry]));
  const payload = stored.find((entry) => entry.payload !== null)?.payload ?? null;
  const resolve = (ref: string, hops: number): Json => {
    if (ref === PAYLOAD_REF) return payload;
    const [field, item, ...node] = ref.split(':');
    const target = byStep.get(`${item}:${node.join(':')}`);
    if (target === undefined || hops > stored.length) return null;
    const next = field === 'input' ? target.inputRef : target.outputRef;
    if (next !== null) return resolve(next, hops + 1);
    return field === 'input' ? target.step.input : target.step.output;
  };
  return stored.map(({ step, inputRef, outputRef }) =>
    inputRef === null && outputRef === null
      ? step
      : { ...step, input: inputRef === null ? step.input : resolve(inputRef, 0), output: outputRef === null ? step.output : resolve(outputRef, 0) },
  );
}

/**
 * Where a statement that writes steps names the executions it may write them for: those it
 * locked itself in the same statement (see migration 0013), by updating them or FOR KEY SHARE.
 */
export const STEP_OWNERS = 'step_owners';

/**
 * The INSERT of step rows (see insertRows), within a statement that defines STEP_OWNERS: alone, or
 * with the outcomes of the executions they belong to. A step of an execution that is not among
 * them (deleted meanwhile) is left out; one already stored (a resumed run saving it again) is
 * left as it was.
 */
export const STEP_INSERT: RowInsert<StepRow> = {
  name: 'weft-insert-steps',
  table: 'weft_steps',
  columns: STEP_COLUMNS,
  valuesOf: stepValues,
  where: `row.execution_id IN (SELECT id FROM ${STEP_OWNERS})`,
  onConflict: 'ON CONFLICT (execution_id, node_id, (COALESCE(item, -1))) DO NOTHING',
};

function stepValues({ executionId, seq, step, input, output }: StepRow): unknown[] {
  return [
    executionId,
    step.nodeId,
    seq,
    step.nodeType,
    step.status,
    'json' in input ? input.json : null,
    'ref' in input ? input.ref : null,
    'json' in output ? output.json : null,
    'ref' in output ? output.ref : null,
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

/** Commits step rows, in as few statements as MAX_ROWS_PER_INSERT allows. */
export async function saveStepRows(database: Queryable, rows: readonly StepRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += MAX_ROWS_PER_INSERT) {
    const chunk = rows.slice(start, start + MAX_ROWS_PER_INSERT);
    const insert = insertRows(STEP_INSERT, chunk, 2);
    const owners = [...new Set(chunk.map((row) => row.executionId))];
    // Planned on each run, not prepared: a plan made while weft_executions was small would go on
    // scanning all of it for the owners as it grew (see claimExecutionsWithSteps).
    await database.query(`WITH ${STEP_OWNERS} AS (SELECT id FROM weft_executions WHERE id = ANY($1::uuid[]) FOR KEY SHARE) ${insert.text}`, [
      owners,
      ...insert.values,
    ]);
  }
}
