import type { Queryable } from './database.ts';

/**
 * The longest deduplication window a webhook trigger accepts (`dedupeWindowSeconds` in
 * nodes/core/webhook.ts). A key older than this is outside every flow's window, so it no longer
 * deduplicates anything; rows only record the time they were claimed, not their flow's window.
 */
export const MAX_DEDUPE_WINDOW_DAYS = 30;

/** Deletes inbound dedupe keys past every possible window, a batch at a time. */
export async function pruneDedupeKeys(database: Queryable, batchSize: number): Promise<number> {
  const result = await database.query(
    `DELETE FROM weft_ingress_dedupe WHERE (flow_id, dedupe_key) IN (
       SELECT flow_id, dedupe_key FROM weft_ingress_dedupe WHERE seen_at < now() - $1 * interval '1 day' LIMIT $2)`,
    [MAX_DEDUPE_WINDOW_DAYS, batchSize],
  );
  return result.rowCount ?? 0;
}
