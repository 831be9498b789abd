import { randomUUID } from 'node:crypto';
import { type Database, inTransaction } from './database.ts';
import { insertExecutions, type NewExecution } from './executions-repo.ts';
import { createGroupCommit } from './group-commit.ts';
import type { JobQueue } from './job-queue.ts';

export type IncomingEvent = Omit<NewExecution, 'id'>;

export interface IngestBatcher {
  /** Resolves with the execution id once the event and its job are committed (durably). */
  accept(event: IncomingEvent, beforeCommit?: (executionId: string) => void): Promise<string>;
}

interface Accepted {
  id: string;
  event: IncomingEvent;
  beforeCommit: ((executionId: string) => void) | undefined;
}

/**
 * Group commit for accepting events: the rows and jobs of events that arrive together are written
 * in one transaction (see createGroupCommit). Every event still gets its 2xx only after its own
 * rows are durable, and a failed commit fails exactly the events in it.
 */
export function createIngestBatcher(database: Database, queue: JobQueue, maxBatch = 500): IngestBatcher {
  const commit = createGroupCommit(
    (batch: Accepted[]) =>
      inTransaction(database, async (client) => {
        await insertExecutions(client, batch.map((item) => ({ ...item.event, id: item.id })));
        await queue.enqueueExecutions(
          client,
          batch.map((item) => ({ executionId: item.id, flowId: item.event.flowId, flowVersion: item.event.flowVersion })),
        );
        for (const item of batch) item.beforeCommit?.(item.id);
        return batch.map((item) => item.id);
      }),
    maxBatch,
  );
  return { accept: (event, beforeCommit) => commit({ id: randomUUID(), event, beforeCommit }) };
}
