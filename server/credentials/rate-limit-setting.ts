import { z } from 'zod';

/**
 * "At most `requests` outgoing calls in any `perSeconds` seconds" for one credential. The bounds
 * keep the reservation state small: it holds up to `requests` slot times, rewritten on each call.
 */
export const rateLimitSchema = z.strictObject({
  requests: z.int().min(1).max(10_000),
  perSeconds: z.int().min(1).max(86_400),
});

export type RateLimit = z.infer<typeof rateLimitSchema>;

const rateLimitColumns = z.object({ rate_limit_requests: z.number().nullable(), rate_limit_per_seconds: z.number().nullable() });

/** The setting stored in a credential row; null when the row has no limit. */
export function rateLimitOfRow(row: unknown): RateLimit | null {
  const columns = rateLimitColumns.parse(row);
  if (columns.rate_limit_requests === null || columns.rate_limit_per_seconds === null) return null;
  return { requests: columns.rate_limit_requests, perSeconds: columns.rate_limit_per_seconds };
}
