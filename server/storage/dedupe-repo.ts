import { ConflictError } from '@weft/engine';
import type pg from 'pg';
import { z } from 'zod';
import type { Queryable } from './database.ts';

/** A delivery key to deduplicate on, and how long a repeat of it counts as the same delivery. */
export interface DedupeClaim {
  key: string;
  windowSeconds: number;
}

/** The event repeats one already accepted within the window; nothing new was started. */
export class DuplicateEventError extends ConflictError {
  readonly executionId: string;

  constructor(executionId: string) {
    super('duplicate_event', 'this delivery was already accepted', { details: { executionId } });
    this.executionId = executionId;
  }
}

const originalRow = z.object({ execution_id: z.string() });

/**
 * Claims `claim.key` for `executionId` inside the accepting transaction and returns undefined, or
 * returns the execution that holds the key within the window. A concurrent claim of the same key
 * waits on the row lock until the first transaction ends, then sees its outcome.
 */
export async function claimDedupeKey(client: pg.PoolClient, flowId: string, claim: DedupeClaim, executionId: string): Promise<string | undefined> {
  const claimed = await client.query(
    `INSERT INTO weft_ingress_dedupe AS held (flow_id, dedupe_key, execution_id) VALUES ($1, $2, $3)
     ON CONFLICT (flow_id, dedupe_key) DO UPDATE SET execution_id = EXCLUDED.execution_id, seen_at = now()
      WHERE held.seen_at <= now() - make_interval(secs => $4)
     RETURNING 1`,
    [flowId, claim.key, executionId, claim.windowSeconds],
  );
  if (claimed.rowCount === 1) return undefined;
  const original = await client.query('SELECT execution_id::text FROM weft_ingress_dedupe WHERE flow_id = $1 AND dedupe_key = $2', [flowId, claim.key]);
  // The holder vanished between the two statements (its flow's executions were deleted): nothing to answer with.
  if (original.rows[0] === undefined) throw new ConflictError('dedupe_conflict', 'a concurrent delivery with the same key changed; send it again');
  return originalRow.parse(original.rows[0]).execution_id;
}

/** The execution a key already started within the window, if any: a cheap look before doing more work. */
export async function findDuplicate(database: Queryable, flowId: string, claim: DedupeClaim): Promise<string | undefined> {
  const result = await database.query(
    `SELECT execution_id::text FROM weft_ingress_dedupe
      WHERE flow_id = $1 AND dedupe_key = $2 AND seen_at > now() - make_interval(secs => $3)`,
    [flowId, claim.key, claim.windowSeconds],
  );
  return result.rows[0] === undefined ? undefined : originalRow.parse(result.rows[0]).execution_id;
}
