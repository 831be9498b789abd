import { z } from 'zod';
import type { Queryable } from './database.ts';

/** Something the ingress refused or folded into an earlier delivery. */
export type IngressOutcome = { kind: 'signature_failure'; reason: string } | { kind: 'duplicate' } | { kind: 'rate_limited' };

export interface IngressStats {
  signatureFailures: number;
  duplicates: number;
  rateLimited: number;
  /** The latest refusal (bad signature or rate limit); duplicates are not failures. */
  lastFailure: { at: Date; reason: string } | null;
}

export async function recordIngressOutcome(database: Queryable, flowId: string, outcome: IngressOutcome): Promise<void> {
  const failureReason = outcome.kind === 'signature_failure' ? outcome.reason : outcome.kind === 'rate_limited' ? 'rate_limited' : null;
  await database.query(
    `INSERT INTO weft_ingress_stats AS stats (flow_id, signature_failures, duplicates, rate_limited, last_failure_at, last_failure_reason)
     VALUES ($1, $2, $3, $4, CASE WHEN $5::text IS NULL THEN NULL ELSE now() END, $5)
     ON CONFLICT (flow_id) DO UPDATE SET
       signature_failures = stats.signature_failures + EXCLUDED.signature_failures,
       duplicates = stats.duplicates + EXCLUDED.duplicates,
       rate_limited = stats.rate_limited + EXCLUDED.rate_limited,
       last_failure_at = COALESCE(EXCLUDED.last_failure_at, stats.last_failure_at),
       last_failure_reason = COALESCE(EXCLUDED.last_failure_reason, stats.last_failure_reason)`,
    [
      flowId,
      outcome.kind === 'signature_failure' ? 1 : 0,
      outcome.kind === 'duplicate' ? 1 : 0,
      outcome.kind === 'rate_limited' ? 1 : 0,
      failureReason,
    ],
  );
}

const statsRow = z.object({
  signature_failures: z.number(),
  duplicates: z.number(),
  rate_limited: z.number(),
  last_failure_at: z.date().nullable(),
  last_failure_reason: z.string().nullable(),
});

/** A flow's counters; all zero for a flow the ingress never refused anything for. */
export async function readIngressStats(database: Queryable, flowId: string): Promise<IngressStats> {
  const result = await database.query(
    'SELECT signature_failures, duplicates, rate_limited, last_failure_at, last_failure_reason FROM weft_ingress_stats WHERE flow_id = $1',
    [flowId],
  );
  if (result.rows[0] === undefined) return { signatureFailures: 0, duplicates: 0, rateLimited: 0, lastFailure: null };
  const row = statsRow.parse(result.rows[0]);
  return {
    signatureFailures: row.signature_failures,
    duplicates: row.duplicates,
    rateLimited: row.rate_limited,
    lastFailure: row.last_failure_at === null || row.last_failure_reason === null ? null : { at: row.last_failure_at, reason: row.last_failure_reason },
  };
}
