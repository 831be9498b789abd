import { z } from 'zod';
import type { Queryable } from '../storage/database.ts';

const idsRow = z.object({ id: z.string() });

/**
 * Deletes, a batch at a time, published events older than the retention period whose deliveries
 * all finished (delivered or failed) before it; their deliveries and attempts go with them. An
 * event with a pending delivery is never touched. Run inside the reaper's transaction.
 */
export async function pruneEvents(client: Queryable, retentionDays: number, batchSize: number): Promise<number> {
  const stale = `created_at < now() - $1 * interval '1 day'`;
  const unfinished = `EXISTS (SELECT 1 FROM weft_deliveries d
                               WHERE d.event_id = e.id AND (d.status = 'pending' OR d.finished_at >= now() - $1 * interval '1 day'))`;
  const candidates = await client.query(`SELECT e.id::text FROM weft_events e WHERE e.${stale} AND NOT ${unfinished} LIMIT $2`, [retentionDays, batchSize]);
  const ids = candidates.rows.map((row) => idsRow.parse(row).id);
  if (ids.length === 0) return 0;
  // A redelivery may have made one pending since the look above. Lock the deliveries (waiting for
  // such a change to commit), then check again: this statement sees what committed meanwhile.
  await client.query('SELECT 1 FROM weft_deliveries WHERE event_id = ANY($1::uuid[]) FOR UPDATE', [ids]);
  const deleted = await client.query(`DELETE FROM weft_events e WHERE e.id = ANY($2::uuid[]) AND e.${stale} AND NOT ${unfinished}`, [retentionDays, ids]);
  return deleted.rowCount ?? 0;
}
