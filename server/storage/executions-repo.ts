import { type FlowDocument, flowDocumentSchema, jsonSchema, type Json, NotFoundError, type StepRecord, ValidationError } from '@weft/engine';
import { z } from 'zod';
import type { Queryable } from './database.ts';
import { claimExecutionsSql } from './execution-lifecycle.ts';
import { insertRows, MAX_ROWS_PER_INSERT, type PreparedInsert, type RowInsert } from './row-insert.ts';
import { createStepRowWriter, SHARED_VALUE_COLUMNS, saveStepRows, type StoredStep, withSharedValues } from './step-rows.ts';

export const executionStatuses = ['queued', 'running', 'waiting', 'succeeded', 'failed'] as const;
export type ExecutionState = (typeof executionStatuses)[number];
export const executionModes = ['webhook', 'manual', 'schedule', 'error', 'subflow'] as const;
export type ExecutionMode = (typeof executionModes)[number];

export interface NewExecution {
  id: string;
  flowId: string;
  /** The published version it runs, or null with `draftDocument` for a run of the draft. */
  flowVersion: number | null;
  draftDocument: FlowDocument | null;
  triggerNode: string | null;
  mode: ExecutionMode;
  payload: Json;
  replayOf?: string;
  /** For a child execution (`core.subflow`): the step it reports back to, and the key that makes starting it idempotent. */
  parent?: { executionId: string; nodeId: string; callKey: string };
  /** Stored as running, claimed by this worker: the process storing it runs it (see LocalRunner). */
  claimedBy?: string;
}

const EXECUTION_INSERT: RowInsert<NewExecution> = {
  name: 'weft-insert-executions',
  table: 'weft_executions',
  columns: [
    ['id', 'uuid'],
    ['flow_id', 'text'],
    ['flow_version', 'int'],
    ['draft_document', 'json'],
    ['trigger_node', 'text'],
    ['mode', 'text'],
    ['status', 'text'],
    ['claimed_by', 'text'],
    ['started_at', 'timestamptz'],
    ['payload', 'json'],
    ['replay_of', 'uuid'],
    ['parent_execution_id', 'uuid'],
    ['parent_node_id', 'text'],
    ['call_key', 'text'],
  ],
  valuesOf: insertValues,
};

function insertValues(execution: NewExecution): unknown[] {
  return [
    execution.id,
    execution.flowId,
    execution.flowVersion,
    execution.draftDocument,
    execution.triggerNode,
    execution.mode,
    execution.claimedBy === undefined ? 'queued' : 'running',
    execution.claimedBy ?? null,
    // PostgreSQL reads 'now' as the time its transaction started, on its own clock like finished_at's.
    execution.claimedBy === undefined ? null : 'now',
    JSON.stringify(execution.payload),
    execution.replayOf ?? null,
    execution.parent?.executionId ?? null,
    execution.parent?.nodeId ?? null,
    execution.parent?.callKey ?? null,
  ];
}

export async function insertExecution(database: Queryable, execution: NewExecution): Promise<void> {
  await insertExecutions(database, [execution]);
}

/** The INSERT of up to MAX_ROWS_PER_INSERT executions, its parameters from `$<firstParam>` on (see insertRows). */
export function executionsInsert(executions: readonly NewExecution[], firstParam: number): PreparedInsert {
  return insertRows(EXECUTION_INSERT, executions, firstParam);
}

/** Inserts many executions, MAX_ROWS_PER_INSERT per statement. */
export async function insertExecutions(database: Queryable, executions: readonly NewExecution[]): Promise<void> {
  for (let start = 0; start < executions.length; start += MAX_ROWS_PER_INSERT) {
    await database.query(executionsInsert(executions.slice(start, start + MAX_ROWS_PER_INSERT), 1));
  }
}

/**
 * A value read from a PostgreSQL json column that Weft wrote: JSON by construction. Walking it
 * through the recursive JSON schema again cost more than everything else in reading a row.
 */
const storedJsonSchema = z.custom<Json>((value) => value !== undefined);

const stepErrorSchema = z.object({ code: z.string(), message: z.string(), retryable: z.boolean(), details: jsonSchema.optional() });
export const responseSchema = z.object({ status: z.number(), headers: z.record(z.string(), z.string()), body: z.string() });
export const executionErrorSchema = z.object({ nodeId: z.string(), code: z.string(), message: z.string() });

const pendingWaitSchema = z.object({
  nodeId: z.string(),
  item: z.int().optional(),
  attempts: z.number(),
  resumeAt: z.string().nullable(),
  node: z.object({ signal: z.string().optional(), state: jsonSchema }).optional(),
  turnTaken: z.boolean().optional(),
});

const executionRowSchema = z.object({
  id: z.string(),
  flow_id: z.string(),
  flow_version: z.number().nullable(),
  trigger_node: z.string().nullable(),
  mode: z.enum(executionModes),
  status: z.enum(executionStatuses),
  payload: storedJsonSchema,
  error: executionErrorSchema.nullable(),
  response: responseSchema.nullable(),
  wait_state: z.array(pendingWaitSchema).nullable(),
  parent_execution_id: z.string().nullable(),
  parent_node_id: z.string().nullable(),
  claimed_by: z.string().nullable(),
  replay_of: z.string().nullable(),
  created_at: z.date(),
  started_at: z.date().nullable(),
  finished_at: z.date().nullable(),
  cursor_at: z.string(),
});

export type ExecutionRecord = ReturnType<typeof toExecution>;

function toExecution(row: unknown) {
  const parsed = executionRowSchema.parse(row);
  return {
    id: parsed.id,
    flowId: parsed.flow_id,
    flowVersion: parsed.flow_version,
    triggerNode: parsed.trigger_node,
    mode: parsed.mode,
    status: parsed.status,
    payload: parsed.payload,
    error: parsed.error,
    response: parsed.response,
    waits: parsed.wait_state ?? [],
    parent: parsed.parent_execution_id === null ? null : { executionId: parsed.parent_execution_id, nodeId: parsed.parent_node_id ?? '' },
    claimedBy: parsed.claimed_by,
    replayOf: parsed.replay_of,
    createdAt: parsed.created_at,
    startedAt: parsed.started_at,
    finishedAt: parsed.finished_at,
    durationMs: parsed.started_at && parsed.finished_at ? parsed.finished_at.getTime() - parsed.started_at.getTime() : null,
    cursor: encodeCursor(parsed.cursor_at, parsed.id),
  };
}

const EXECUTION_COLUMNS = `id::text, flow_id, flow_version, trigger_node, mode, status, payload, error, response,
  wait_state, parent_execution_id::text, parent_node_id, claimed_by, replay_of::text, created_at, started_at, finished_at, created_at::text AS cursor_at`;

export async function findExecution(database: Queryable, id: string): Promise<ExecutionRecord | undefined> {
  if (!z.uuid().safeParse(id).success) return undefined;
  const result = await database.query(`SELECT ${EXECUTION_COLUMNS} FROM weft_executions WHERE id = $1`, [id]);
  return result.rows[0] === undefined ? undefined : toExecution(result.rows[0]);
}

export async function getExecution(database: Queryable, id: string): Promise<ExecutionRecord> {
  const execution = await findExecution(database, id);
  if (execution === undefined) throw new NotFoundError('execution_not_found', `no execution has the id "${id}"`);
  return execution;
}

/** The flow document an execution runs: its published version, or the draft copy it was started with. */
export async function documentOfExecution(database: Queryable, id: string): Promise<FlowDocument> {
  const result = await database.query(
    `SELECT COALESCE(e.draft_document, v.document) AS document
       FROM weft_executions e LEFT JOIN weft_flow_versions v ON v.flow_id = e.flow_id AND v.version = e.flow_version
      WHERE e.id = $1`,
    [id],
  );
  return z.object({ document: flowDocumentSchema }).parse(result.rows[0]).document;
}

export interface ExecutionQuery {
  flowId?: string;
  status?: ExecutionState;
  /** Created at or after. */
  since?: Date;
  /** Created before. */
  until?: Date;
  limit: number;
  cursor?: string;
}

export async function listExecutions(database: Queryable, query: ExecutionQuery): Promise<{ items: ExecutionRecord[]; nextCursor: string | null }> {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const add = (sql: (placeholder: string) => string, value: unknown) => {
    values.push(value);
    conditions.push(sql(`$${values.length}`));
  };
  if (query.flowId !== undefined) add((p) => `flow_id = ${p}`, query.flowId);
  if (query.status !== undefined) add((p) => `status = ${p}`, query.status);
  if (query.since !== undefined) add((p) => `created_at >= ${p}`, query.since);
  if (query.until !== undefined) add((p) => `created_at < ${p}`, query.until);
  if (query.cursor !== undefined) {
    const { at, id } = decodeCursor(query.cursor);
    values.push(at, id);
    conditions.push(`(created_at, id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
  }
  values.push(query.limit + 1);
  const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  const result = await database.query(
    `SELECT ${EXECUTION_COLUMNS} FROM weft_executions ${where} ORDER BY created_at DESC, id DESC LIMIT $${values.length}`,
    values,
  );
  const items = result.rows.slice(0, query.limit).map(toExecution);
  const nextCursor = result.rows.length > query.limit ? (items.at(-1)?.cursor ?? null) : null;
  return { items, nextCursor };
}

function encodeCursor(at: string, id: string): string {
  return Buffer.from(`${at}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (at === undefined || id === undefined || !z.uuid().safeParse(id).success || Number.isNaN(Date.parse(at))) {
    throw new ValidationError('invalid_cursor', 'the cursor is not one this API returned');
  }
  return { at, id };
}


const stepRowSchema = z.object({
  node_id: z.string(),
  node_type: z.string(),
  status: z.enum(['succeeded', 'failed', 'skipped']),
  input: storedJsonSchema,
  input_ref: z.string().nullable(),
  output: storedJsonSchema,
  output_ref: z.string().nullable(),
  payload: storedJsonSchema,
  ports: z.array(z.string()),
  error: stepErrorSchema.nullable(),
  logs: z.array(z.object({ at: z.string(), level: z.enum(['info', 'warn', 'error']), message: z.string() })),
  attempts: z.number(),
  response: responseSchema.nullable(),
  // Dates arrive as Date from a column, as text from json_agg (getExecutionWithSteps).
  started_at: z.coerce.date(),
  finished_at: z.coerce.date(),
  duration_ms: z.number(),
  item: z.number().nullable(),
});

const STEP_COLUMNS = `node_id, node_type, status, input, output, ports, error, logs, attempts, response, started_at, finished_at, duration_ms, item, ${SHARED_VALUE_COLUMNS}`;

export async function loadSteps(database: Queryable, executionId: string): Promise<StepRecord[]> {
  const result = await database.query(`SELECT ${STEP_COLUMNS} FROM weft_steps s WHERE execution_id = $1 ORDER BY seq`, [executionId]);
  return withSharedValues(result.rows.map(toStep));
}

export interface ExecutionToRun {
  execution: ExecutionRecord;
  steps: StepRecord[];
}

/** The finished steps of execution `executionId` (an SQL expression), as one JSON array. */
const stepsOfExecution = (executionId: string) => `(SELECT COALESCE(json_agg(s ORDER BY s.seq), '[]'::json)
   FROM (SELECT ${STEP_COLUMNS}, seq FROM weft_steps s WHERE execution_id = ${executionId}) s) AS steps`;

/** An execution and its finished steps in one round trip, for the worker about to run it. */
export async function getExecutionWithSteps(database: Queryable, id: string): Promise<ExecutionToRun> {
  const result = await database.query(`SELECT ${EXECUTION_COLUMNS}, ${stepsOfExecution('$1')} FROM weft_executions WHERE id = $1`, [id]);
  const found = result.rows[0] === undefined ? undefined : toExecutionToRun(result.rows[0]);
  if (found === undefined) throw new NotFoundError('execution_not_found', `no execution has the id "${id}"`);
  return found;
}

// Planned on each run, not prepared: a plan made while the tables were small (a new install, the
// first minute of a burst, before autovacuum analyzes them) stayed in use as they grew, and each
// claim then cost ~2 ms instead of ~0.6 ms with its planning.
const CLAIM_EXECUTIONS_WITH_STEPS = `${claimExecutionsSql('$1::uuid[]')} RETURNING ${EXECUTION_COLUMNS}, ${stepsOfExecution('weft_executions.id')}`;

/**
 * Claims executions for worker `workerName` and reads each with its finished steps, in one round
 * trip; those already finished are left out. For flows without a concurrency limit, which need no
 * count of running executions first.
 */
export async function claimExecutionsWithSteps(database: Queryable, ids: readonly string[], workerName: string): Promise<Map<string, ExecutionToRun>> {
  const result = await database.query(CLAIM_EXECUTIONS_WITH_STEPS, [ids, workerName]);
  const claimed = result.rows.map(toExecutionToRun);
  return new Map(claimed.map((entry) => [entry.execution.id, entry]));
}

function toExecutionToRun(row: Record<string, unknown>): ExecutionToRun {
  return { execution: toExecution(row), steps: withSharedValues(z.array(z.unknown()).parse(row.steps).map(toStep)) };
}

function toStep(row: unknown): StoredStep {
  const parsed = stepRowSchema.parse(row);
  const step: StepRecord = {
    nodeId: parsed.node_id,
    nodeType: parsed.node_type,
    status: parsed.status,
    input: parsed.input,
    output: parsed.output,
    ports: parsed.ports,
    error: parsed.error,
    logs: parsed.logs,
    attempts: parsed.attempts,
    startedAt: parsed.started_at.toISOString(),
    finishedAt: parsed.finished_at.toISOString(),
    durationMs: parsed.duration_ms,
    ...(parsed.item === null ? {} : { item: parsed.item }),
  };
  return { step: parsed.response === null ? step : { ...step, response: parsed.response }, inputRef: parsed.input_ref, outputRef: parsed.output_ref, payload: parsed.payload };
}

/** Commits the steps of an execution that has none stored yet (a replay keeping the steps before the one it starts from). */
export async function saveSteps(database: Queryable, executionId: string, steps: readonly StepRecord[]): Promise<void> {
  await saveStepRows(database, createStepRowWriter(executionId).rowsOf(steps));
}
