import { randomUUID } from 'node:crypto';
import { type Database, inTransaction } from './database.ts';
import { insertExecution, type NewExecution } from './executions-repo.ts';
import type { JobQueue } from './job-queue.ts';

/**
 * Stores an event as a queued execution and its job in one transaction. Only after this commits
 * may the sender hear 2xx: from then on the event survives any crash.
 */
export async function acceptEvent(
  database: Database,
  queue: JobQueue,
  event: Omit<NewExecution, 'id'>,
  beforeCommit?: (executionId: string) => void,
): Promise<string> {
  const id = randomUUID();
  await inTransaction(database, async (client) => {
    await insertExecution(client, { ...event, id });
    await queue.enqueueExecution(client, id);
    beforeCommit?.(id);
  });
  return id;
}
