import { z } from 'zod';
import type { Queryable } from './database.ts';

/** Failed executions of a flow in a time range, oldest first, for bulk replay. */
export async function failedExecutionIds(database: Queryable, flowId: string, since: Date, until: Date, limit: number): Promise<string[]> {
  const result = await database.query(
    `SELECT id::text FROM weft_executions
      WHERE flow_id = $1 AND status = 'failed' AND created_at >= $2 AND created_at < $3
      ORDER BY created_at, id LIMIT $4`,
    [flowId, since, until, limit],
  );
  return result.rows.map((row) => z.object({ id: z.string() }).parse(row).id);
}
