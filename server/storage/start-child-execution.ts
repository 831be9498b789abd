import { type ChildFlowRequest, type NodeRegistry, NodeRunError, WeftError } from '@weft/engine';
import { chooseTrigger } from '../routes/flows/choose-trigger.ts';
import { type Database, inTransaction, type Queryable } from './database.ts';
import { insertExecution } from './executions-repo.ts';
import { findPublishedVersionNumber, findVersion } from './flows-repo.ts';
import type { JobQueue } from './job-queue.ts';
import { uuidV7 } from './uuid-v7.ts';

/** How deep flows may call flows: a flow that calls itself ends here instead of forever. */
export const MAX_CALL_DEPTH = 10;

/**
 * Queues the published version of a flow as a child of the calling step, or finds the child that
 * step already started (same call key): a resumed or re-run step never starts a second child.
 */
export async function startChildExecution(database: Database, queue: JobQueue, registry: NodeRegistry, request: ChildFlowRequest): Promise<string> {
  const existing = await childByCallKey(database, request.idempotencyKey);
  if (existing !== undefined) return existing;
  try {
    return await inTransaction(database, async (client) => {
      if ((await callDepth(client, request.parent.executionId)) >= MAX_CALL_DEPTH) {
        throw new NodeRunError('subflow_too_deep', `flows called each other more than ${MAX_CALL_DEPTH} levels deep; does a flow call itself?`);
      }
      const version = await findPublishedVersionNumber(client, request.flowId);
      const published = version === undefined ? undefined : await findVersion(client, request.flowId, version);
      if (published === undefined) throw new NodeRunError('subflow_not_published', `flow "${request.flowId}" does not exist or has no published version`);
      const id = uuidV7();
      await insertExecution(client, {
        id,
        flowId: request.flowId,
        flowVersion: published.version,
        draftDocument: null,
        triggerNode: triggerOf(published.document, registry),
        mode: 'subflow',
        payload: request.payload,
        parent: { ...request.parent, callKey: request.idempotencyKey },
      });
      await queue.enqueueExecution(client, id);
      return id;
    });
  } catch (error) {
    // Another run of the same step won the race to start the child: use that one.
    const winner = isUniqueViolation(error) ? await childByCallKey(database, request.idempotencyKey) : undefined;
    if (winner !== undefined) return winner;
    throw error;
  }
}

function triggerOf(document: Parameters<typeof chooseTrigger>[0], registry: NodeRegistry): string {
  try {
    return chooseTrigger(document, undefined, registry.get.bind(registry));
  } catch (error) {
    if (error instanceof WeftError) throw new NodeRunError('subflow_without_trigger', `flow "${document.id}" cannot be called: ${error.message}`);
    throw error;
  }
}

async function childByCallKey(database: Queryable, callKey: string): Promise<string | undefined> {
  const result = await database.query<{ id: string }>('SELECT id::text FROM weft_executions WHERE call_key = $1', [callKey]);
  return result.rows[0]?.id;
}

/** How many parents the execution has above it. */
async function callDepth(database: Queryable, executionId: string): Promise<number> {
  const result = await database.query<{ depth: number }>(
    `WITH RECURSIVE chain (id, parent, depth) AS (
       SELECT id, parent_execution_id, 0 FROM weft_executions WHERE id = $1
       UNION ALL
       SELECT e.id, e.parent_execution_id, chain.depth + 1 FROM weft_executions e JOIN chain ON e.id = chain.parent
        WHERE chain.depth <= $2
     )
     SELECT max(depth)::int AS depth FROM chain`,
    [executionId, MAX_CALL_DEPTH],
  );
  return result.rows[0]?.depth ?? 0;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}
