import { type Database, inTransaction } from '../storage/database.ts';
import { markRunning } from '../storage/execution-lifecycle.ts';

export type Claim = 'claimed' | 'busy' | 'finished';

/**
 * Claims an execution for this worker unless its flow already runs `limit` executions (0: no
 * limit). The count and the claim happen under a per-flow advisory lock, so workers in any number
 * of processes never exceed the limit together.
 */
export async function claimWithinLimit(database: Database, claim: { executionId: string; flowId: string; limit: number; workerName: string }): Promise<Claim> {
  if (claim.limit === 0) return (await markRunning(database, claim.executionId, claim.workerName)) ? 'claimed' : 'finished';
  return inTransaction(database, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`weft-flow-concurrency:${claim.flowId}`]);
    const running = await client.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM weft_executions WHERE flow_id = $1 AND status = 'running' AND id <> $2`,
      [claim.flowId, claim.executionId],
    );
    if ((running.rows[0]?.count ?? 0) >= claim.limit) return 'busy';
    return (await markRunning(client, claim.executionId, claim.workerName)) ? 'claimed' : 'finished';
  });
}
