import { z } from 'zod';
import type { Queryable } from '../storage/database.ts';

/** A reserved turn for one outgoing call made with a rate-limited credential. */
export interface RateSlot {
  /** When the call may go, on the database's clock (one clock orders every process's calls). */
  slotAt: Date;
  /** Milliseconds from the moment of reserving until `slotAt`; 0 when the call may go at once. */
  waitMs: number;
}

const slotRowSchema = z.object({ slot_at: z.date(), wait_ms: z.number() });

// One statement, so reservations made at the same time by any number of workers take turns on the
// credential's state row (INSERT … ON CONFLICT DO UPDATE locks it and reads its newest version).
// The slot is the earliest time that is not before the asking, not before the previous slot
// (first come, first served) and at least one window after the `requests`-th latest slot: then no
// window of `perSeconds` seconds ever holds more than `requests` slots, and a credential that was
// idle gets `requests` calls at once. Slots that fell out of the window can bound nothing any
// more and are dropped, as are all but the latest `requests`.
// (A GCRA "theoretical arrival time" alone would be smaller state, but with a burst of `requests`
// it lets up to 2 × requests − 1 calls into one window: over the limit the provider enforces.)
const RESERVE_SQL = `
WITH credential AS (
  SELECT id, rate_limit_requests AS requests, make_interval(secs => rate_limit_per_seconds) AS span, clock_timestamp() AS asked_at
  FROM weft_credentials
  WHERE id = $1 AND rate_limit_requests IS NOT NULL
)
INSERT INTO weft_credential_rate_slots AS state (credential_id, slot_times)
SELECT id, ARRAY[asked_at] FROM credential
ON CONFLICT (credential_id) DO UPDATE SET slot_times = (
  SELECT (recent.times || next.slot_at)[greatest(1, cardinality(recent.times) + 2 - credential.requests):]
  FROM credential
  CROSS JOIN LATERAL (
    SELECT ARRAY(SELECT slot FROM unnest(state.slot_times) AS slot WHERE slot > credential.asked_at - credential.span ORDER BY slot) AS times
  ) AS recent
  CROSS JOIN LATERAL (
    SELECT greatest(
      credential.asked_at,
      recent.times[cardinality(recent.times)],
      recent.times[cardinality(recent.times) + 1 - credential.requests] + credential.span
    ) AS slot_at
  ) AS next
)
RETURNING slot_times[cardinality(slot_times)] AS slot_at,
  greatest(0, extract(epoch FROM slot_times[cardinality(slot_times)] - clock_timestamp()) * 1000)::float8 AS wait_ms`;

/**
 * Reserves the next free slot for a call made with `credentialId` under its rate limit. Null when
 * the credential has no limit (or does not exist: resolving it then fails the step). A slot is
 * spent once reserved, so reserve once per call, right before making it.
 */
export async function reserveRateSlot(database: Queryable, credentialId: string): Promise<RateSlot | null> {
  const result = await database.query(RESERVE_SQL, [credentialId]);
  if (result.rows[0] === undefined) return null;
  const row = slotRowSchema.parse(result.rows[0]);
  return { slotAt: row.slot_at, waitMs: row.wait_ms };
}
