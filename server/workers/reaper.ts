import type { Logger } from '@weft/engine';
import { pruneEvents } from '../delivery/prune-events.ts';
import { type Database, inTransaction } from '../storage/database.ts';
import { finishExecution } from '../storage/execution-lifecycle.ts';
import type { JobQueue } from '../storage/job-queue.ts';
import { findOrphanedExecutions, pruneExecutions } from '../storage/orphaned-executions.ts';
import { pruneDedupeKeys } from '../storage/prune-dedupe-keys.ts';
import { pruneSignals, wakeOverdueSignalWaits } from '../storage/signals.ts';

export interface ReaperOptions {
  database: Database;
  queue: JobQueue;
  logger: Logger;
  /** Finished executions, and published events all of whose deliveries finished, older than this are deleted; 0 keeps them forever. */
  retentionDays: number;
  /** An unfinished execution without a job is left alone this long (its job may be in flight). */
  graceSeconds: number;
  /** A worker seen this recently is alive: the executions it runs without a job are its own. */
  aliveWithinSeconds: number;
}

// A type, not an interface, so a result can be logged as it is (interfaces lack an index signature).
export type ReapResult = {
  requeued: number;
  /** Executions whose awaited signal did not come in time, queued to decide what that means. */
  timedOutWaits: number;
  failed: number;
  pruned: number;
  prunedEvents: number;
  prunedDedupeKeys: number;
  prunedSignals: number;
};

const REAP_INTERVAL_MS = 60_000;
const BATCH = 500;
// Held for one pass so that, of many processes, one reaps at a time.
const REAPER_LOCK = 'weft-reaper';

/**
 * Resolves executions no worker will ever finish (their job is gone: re-queued; their job gave up:
 * failed), and prunes executions and outbound events past the retention period, and inbound dedupe
 * keys past every window. Nothing is left stuck forever, and nothing grows forever.
 */
export async function reapOnce(options: ReaperOptions): Promise<ReapResult> {
  return inTransaction(options.database, async (client) => {
    const locked = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [REAPER_LOCK]);
    if (locked.rows[0]?.locked !== true) return { requeued: 0, timedOutWaits: 0, failed: 0, pruned: 0, prunedEvents: 0, prunedDedupeKeys: 0, prunedSignals: 0 };
    let requeued = 0;
    let failed = 0;
    for (const orphan of await findOrphanedExecutions(client, { olderThanSeconds: options.graceSeconds, aliveWithinSeconds: options.aliveWithinSeconds, limit: BATCH })) {
      if (orphan.jobFailed) {
        const error = { nodeId: '', code: 'worker_lost', message: 'every attempt to run this execution ended without an outcome (workers crashed or timed out)' };
        await finishExecution(client, orphan.id, { status: 'failed', error, response: null });
        failed += 1;
      } else {
        await options.queue.enqueueExecution(client, orphan.id);
        requeued += 1;
      }
    }
    const timedOutWaits = await wakeOverdueSignalWaits(client, options.queue, BATCH);
    const pruned = options.retentionDays > 0 ? await pruneExecutions(client, options.retentionDays, BATCH) : 0;
    const prunedEvents = options.retentionDays > 0 ? await pruneEvents(client, options.retentionDays, BATCH) : 0;
    // Dedupe keys do not follow the retention setting: past the longest window they mean nothing.
    const prunedDedupeKeys = await pruneDedupeKeys(client, BATCH);
    const prunedSignals = options.retentionDays > 0 ? await pruneSignals(client, options.retentionDays, BATCH) : 0;
    return { requeued, timedOutWaits, failed, pruned, prunedEvents, prunedDedupeKeys, prunedSignals };
  });
}

export function startReaper(options: ReaperOptions): { stop(): Promise<void> } {
  const timer = setInterval(() => {
    reapOnce(options).then(
      (result) => {
        if (Object.values(result).some((count) => count > 0)) options.logger.log('info', 'reaper pass', result);
      },
      (error: unknown) => options.logger.log('error', 'reaper pass failed', { error: String(error) }),
    );
  }, REAP_INTERVAL_MS);
  timer.unref();
  return { stop: async () => clearInterval(timer) };
}
