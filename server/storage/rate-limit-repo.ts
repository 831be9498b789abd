import { z } from 'zod';
import type { Queryable } from './database.ts';

export interface RateLimit {
  requests: number;
  perSeconds: number;
}

export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const hitRow = z.object({ hits: z.number(), retry_after: z.number() });

/**
 * Counts one request against the flow's fixed window and says whether it fits. One upsert on one
 * row per flow, timed by the database's clock, so every Weft process sharing the database counts
 * together. A window start never moves backwards, so a request whose clock reading lost a race
 * still counts in the newer window.
 */
export async function hitRateLimit(database: Queryable, flowId: string, limit: RateLimit): Promise<RateLimitVerdict> {
  const result = await database.query(
    `INSERT INTO weft_ingress_rate_windows AS counter (flow_id, window_start, hits)
     VALUES ($1, to_timestamp(floor(extract(epoch FROM clock_timestamp()) / $2) * $2), 1)
     ON CONFLICT (flow_id) DO UPDATE SET
       hits = CASE WHEN counter.window_start >= EXCLUDED.window_start THEN counter.hits + 1 ELSE 1 END,
       window_start = GREATEST(counter.window_start, EXCLUDED.window_start)
     RETURNING hits, ceil(extract(epoch FROM window_start + make_interval(secs => $2) - clock_timestamp()))::int AS retry_after`,
    [flowId, limit.perSeconds],
  );
  const row = hitRow.parse(result.rows[0]);
  return row.hits <= limit.requests ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(1, row.retry_after) };
}
