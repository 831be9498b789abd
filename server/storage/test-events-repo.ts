import { type Json, jsonSchema } from '@weft/engine';
import { z } from 'zod';
import type { Queryable } from './database.ts';

/** A flow's test-event slot: whether its test URL listens, and the request it captured, if any. */
export interface TestEventSlot {
  listeningUntil: Date | null;
  captured: { triggerNodeId: string; payload: Json; capturedAt: Date } | null;
}

const slotRowSchema = z.object({
  listening_until: z.date().nullable(),
  trigger_node: z.string().nullable(),
  payload: jsonSchema.nullable(),
  captured_at: z.date().nullable(),
});

/**
 * Arms the flow's test URL for `seconds` and forgets any earlier capture, so what the editor waits
 * for next is the next request. Answers when listening stops.
 */
export async function armTestListener(database: Queryable, flowId: string, seconds: number): Promise<Date> {
  const result = await database.query<{ listening_until: Date }>(
    `INSERT INTO weft_test_events (flow_id, listening_until) VALUES ($1, now() + make_interval(secs => $2))
     ON CONFLICT (flow_id) DO UPDATE SET listening_until = EXCLUDED.listening_until, trigger_node = NULL, payload = NULL, captured_at = NULL
     RETURNING listening_until`,
    [flowId, seconds],
  );
  const row = result.rows[0];
  if (row === undefined) throw new Error(`arming the test listener of ${flowId} returned no row`);
  return row.listening_until;
}

export async function isListeningForTestEvent(database: Queryable, flowId: string): Promise<boolean> {
  const result = await database.query('SELECT 1 FROM weft_test_events WHERE flow_id = $1 AND listening_until > now()', [flowId]);
  return result.rowCount === 1;
}

/**
 * Stores the captured request and stops listening, in one statement: of two requests racing in,
 * exactly one is kept. False when nobody was listening (any more).
 */
export async function captureTestEvent(database: Queryable, capture: { flowId: string; triggerNodeId: string; payload: Json }): Promise<boolean> {
  const result = await database.query(
    `UPDATE weft_test_events SET payload = $2, trigger_node = $3, captured_at = now(), listening_until = NULL
     WHERE flow_id = $1 AND listening_until > now()`,
    [capture.flowId, JSON.stringify(capture.payload), capture.triggerNodeId],
  );
  return result.rowCount === 1;
}

export async function readTestEventSlot(database: Queryable, flowId: string): Promise<TestEventSlot> {
  const result = await database.query(
    // An expired arming reads as not listening; the row stays until the next arming or a DELETE.
    `SELECT CASE WHEN listening_until > now() THEN listening_until END AS listening_until, trigger_node, payload, captured_at
     FROM weft_test_events WHERE flow_id = $1`,
    [flowId],
  );
  if (result.rows[0] === undefined) return { listeningUntil: null, captured: null };
  const row = slotRowSchema.parse(result.rows[0]);
  const captured =
    row.captured_at === null || row.trigger_node === null || row.payload === null
      ? null
      : { triggerNodeId: row.trigger_node, payload: row.payload, capturedAt: row.captured_at };
  return { listeningUntil: row.listening_until, captured };
}

/** Stops listening and forgets the captured request. */
export async function forgetTestEvent(database: Queryable, flowId: string): Promise<void> {
  await database.query('DELETE FROM weft_test_events WHERE flow_id = $1', [flowId]);
}
