import { randomUUID } from 'node:crypto';
import { type Database, inTransaction } from './database.ts';
import { insertExecutions, type NewExecution } from './executions-repo.ts';
import type { JobQueue } from './job-queue.ts';

export type IncomingEvent = Omit<NewExecution, 'id'>;

export interface IngestBatcher {
  /** Resolves with the execution id once the event and its job are committed (durably). */
  accept(event: IncomingEvent, beforeCommit?: (executionId: string) => void): Promise<string>;
}

interface Pending {
  id: string;
  event: IncomingEvent;
  beforeCommit: ((executionId: string) => void) | undefined;
  resolve: (executionId: string) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for accepting events. A lone event commits at once, as before; events that arrive
 * while a commit is in flight wait for it and then commit together, rows and jobs in one
 * transaction, so a burst costs one WAL flush instead of one per event. Every event still gets its
 * 2xx only after its own rows are durable, and a failed commit fails exactly the events in it.
 */
export function createIngestBatcher(database: Database, queue: JobQueue, maxBatch = 500): IngestBatcher {
  const pending: Pending[] = [];
  let flushing = false;

  const flush = async () => {
    flushing = true;
    while (pending.length > 0) {
      const batch = pending.splice(0, maxBatch);
      try {
        await commit(batch);
      } catch (error) {
        // One bad event (its flow deleted a moment ago, say) must not fail the others it shared a
        // commit with: each is tried again on its own, and only the bad one fails.
        if (batch.length === 1) batch[0]?.reject(error);
        else for (const item of batch) await commit([item]).catch(item.reject);
      }
    }
    flushing = false;
  };

  const commit = async (batch: Pending[]) => {
    await inTransaction(database, async (client) => {
      await insertExecutions(client, batch.map((item) => ({ ...item.event, id: item.id })));
      await queue.enqueueExecutions(
        client,
        batch.map((item) => ({ executionId: item.id, flowId: item.event.flowId, flowVersion: item.event.flowVersion })),
      );
      for (const item of batch) item.beforeCommit?.(item.id);
    });
    for (const item of batch) item.resolve(item.id);
  };

  return {
    accept(event, beforeCommit) {
      return new Promise((resolve, reject) => {
        pending.push({ id: randomUUID(), event, beforeCommit, resolve, reject });
        if (!flushing) void flush();
      });
    },
  };
}
