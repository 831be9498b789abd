import { ConflictError, type FlowDocument, flowDocumentSchema, NotFoundError } from '@weft/engine';
import { z } from 'zod';
import { type Database, inTransaction, type Queryable } from './database.ts';

const flowRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  draft: flowDocumentSchema,
  draft_revision: z.number(),
  published_version: z.number().nullable(),
  created_at: z.date(),
  updated_at: z.date(),
});

export interface FlowRecord {
  id: string;
  name: string;
  draft: FlowDocument;
  draftRevision: number;
  publishedVersion: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface FlowSummary {
  id: string;
  name: string;
  draftRevision: number;
  publishedVersion: number | null;
  createdAt: Date;
  updatedAt: Date;
  lastExecution: { id: string; status: string; createdAt: Date } | null;
}

const FLOW_COLUMNS = 'id, name, draft, draft_revision, published_version, created_at, updated_at';

function toRecord(row: unknown): FlowRecord {
  const parsed = flowRowSchema.parse(row);
  return {
    id: parsed.id,
    name: parsed.name,
    draft: parsed.draft,
    draftRevision: parsed.draft_revision,
    publishedVersion: parsed.published_version,
    createdAt: parsed.created_at,
    updatedAt: parsed.updated_at,
  };
}

export async function insertFlow(database: Queryable, document: FlowDocument): Promise<FlowRecord> {
  const result = await database.query(
    `INSERT INTO weft_flows (id, name, draft) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING ${FLOW_COLUMNS}`,
    [document.id, document.name, document],
  );
  if (result.rows[0] === undefined) throw new ConflictError('flow_exists', `a flow with the id "${document.id}" already exists`);
  return toRecord(result.rows[0]);
}

export async function findFlow(database: Queryable, id: string): Promise<FlowRecord | undefined> {
  const result = await database.query(`SELECT ${FLOW_COLUMNS} FROM weft_flows WHERE id = $1`, [id]);
  return result.rows[0] === undefined ? undefined : toRecord(result.rows[0]);
}

export async function getFlow(database: Queryable, id: string): Promise<FlowRecord> {
  const flow = await findFlow(database, id);
  if (flow === undefined) throw flowNotFound(id);
  return flow;
}

export function flowNotFound(id: string): NotFoundError {
  return new NotFoundError('flow_not_found', `no flow has the id "${id}"`);
}

const summaryRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  draft_revision: z.number(),
  published_version: z.number().nullable(),
  created_at: z.date(),
  updated_at: z.date(),
  last_execution_id: z.string().nullable(),
  last_execution_status: z.string().nullable(),
  last_execution_at: z.date().nullable(),
});

export async function listFlows(database: Queryable): Promise<FlowSummary[]> {
  const result = await database.query(
    `SELECT f.id, f.name, f.draft_revision, f.published_version, f.created_at, f.updated_at,
            e.id::text AS last_execution_id, e.status AS last_execution_status, e.created_at AS last_execution_at
       FROM weft_flows f
       LEFT JOIN LATERAL (
         SELECT id, status, created_at FROM weft_executions
          WHERE flow_id = f.id ORDER BY created_at DESC, id DESC LIMIT 1
       ) e ON true
      ORDER BY f.updated_at DESC, f.id`,
  );
  return result.rows.map((row) => {
    const parsed = summaryRowSchema.parse(row);
    const lastExecution =
      parsed.last_execution_id === null || parsed.last_execution_status === null || parsed.last_execution_at === null
        ? null
        : { id: parsed.last_execution_id, status: parsed.last_execution_status, createdAt: parsed.last_execution_at };
    return {
      id: parsed.id,
      name: parsed.name,
      draftRevision: parsed.draft_revision,
      publishedVersion: parsed.published_version,
      createdAt: parsed.created_at,
      updatedAt: parsed.updated_at,
      lastExecution,
    };
  });
}

/**
 * Saves a new draft if the caller's copy was based on the current revision; otherwise someone
 * else saved in between, and overwriting their work silently would lose it.
 */
export async function saveDraft(database: Queryable, document: FlowDocument, baseRevision: number): Promise<FlowRecord> {
  const result = await database.query(
    `UPDATE weft_flows SET draft = $2, name = $3, draft_revision = draft_revision + 1, updated_at = now()
      WHERE id = $1 AND draft_revision = $4 RETURNING ${FLOW_COLUMNS}`,
    [document.id, document, document.name, baseRevision],
  );
  if (result.rows[0] !== undefined) return toRecord(result.rows[0]);
  const current = await getFlow(database, document.id);
  throw new ConflictError(
    'revision_conflict',
    `the flow was saved by someone else since revision ${baseRevision} (it is now at revision ${current.draftRevision}); reload it, or save again based on revision ${current.draftRevision} to overwrite`,
    { details: { currentRevision: current.draftRevision, baseRevision } },
  );
}

export async function deleteFlow(database: Queryable, id: string): Promise<void> {
  const result = await database.query('DELETE FROM weft_flows WHERE id = $1', [id]);
  if (result.rowCount === 0) throw flowNotFound(id);
}

/** Freezes the current draft as the next immutable version and makes it the live one. */
export async function publishDraft(database: Database, id: string, document: FlowDocument): Promise<number> {
  return inTransaction(database, async (client) => {
    const locked = await client.query('SELECT id FROM weft_flows WHERE id = $1 FOR UPDATE', [id]);
    if (locked.rowCount === 0) throw flowNotFound(id);
    const next = await client.query<{ version: number }>(
      'SELECT COALESCE(MAX(version), 0) + 1 AS version FROM weft_flow_versions WHERE flow_id = $1',
      [id],
    );
    const version = next.rows[0]?.version ?? 1;
    await client.query('INSERT INTO weft_flow_versions (flow_id, version, document) VALUES ($1, $2, $3)', [id, version, document]);
    await client.query('UPDATE weft_flows SET published_version = $2, updated_at = now() WHERE id = $1', [id, version]);
    return version;
  });
}

/** Takes a flow off the air: its hooks answer 404 and its schedules stop; its versions are kept. */
export async function unpublishFlow(database: Queryable, id: string): Promise<void> {
  const result = await database.query('UPDATE weft_flows SET published_version = NULL, updated_at = now() WHERE id = $1', [id]);
  if (result.rowCount === 0) throw flowNotFound(id);
}

const versionRowSchema = z.object({ version: z.number(), document: flowDocumentSchema, published_at: z.date() });

export interface FlowVersion {
  version: number;
  document: FlowDocument;
  publishedAt: Date;
}

export async function findVersion(database: Queryable, flowId: string, version: number): Promise<FlowVersion | undefined> {
  const result = await database.query('SELECT version, document, published_at FROM weft_flow_versions WHERE flow_id = $1 AND version = $2', [
    flowId,
    version,
  ]);
  if (result.rows[0] === undefined) return undefined;
  const parsed = versionRowSchema.parse(result.rows[0]);
  return { version: parsed.version, document: parsed.document, publishedAt: parsed.published_at };
}

/** The live version of a flow, or undefined when the flow does not exist or was never published. */
export async function findPublishedVersionNumber(database: Queryable, flowId: string): Promise<number | undefined> {
  const result = await database.query<{ published_version: number | null }>('SELECT published_version FROM weft_flows WHERE id = $1', [flowId]);
  return result.rows[0]?.published_version ?? undefined;
}
