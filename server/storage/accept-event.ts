import { type Database, inTransaction } from './database.ts';
import { claimDedupeKey, type DedupeClaim, DuplicateEventError } from './dedupe-repo.ts';
import { insertExecution, type NewExecution } from './executions-repo.ts';
import type { JobQueue } from './job-queue.ts';
import { uuidV7 } from './uuid-v7.ts';

/**
 * Stores an event as a queued execution and its job in one transaction. Only after this commits
 * may the sender hear 2xx: from then on the event survives any crash.
 * With `dedupe`, a key already held within its window rolls everything back and throws
 * DuplicateEventError carrying the original execution id.
 */
export async function acceptEvent(
  database: Database,
  queue: JobQueue,
  event: Omit<NewExecution, 'id'> & { dedupe?: DedupeClaim },
  beforeCommit?: (executionId: string) => void,
): Promise<string> {
  const id = uuidV7();
  const { dedupe, ...execution } = event;
  await inTransaction(database, async (client) => {
    // Claimed first: a concurrent delivery with the same key waits here, then finds this one.
    const original = dedupe === undefined ? undefined : await claimDedupeKey(client, execution.flowId, dedupe, id);
    if (original !== undefined) throw new DuplicateEventError(original);
    await insertExecution(client, { ...execution, id });
    await queue.enqueueExecution(client, id);
    beforeCommit?.(id);
  });
  return id;
}
