import type { Logger } from '@weft/engine';
import type { Database } from '../storage/database.ts';
import type { JobQueue } from '../storage/job-queue.ts';
import { forgetWorker, markAlive, requeueAbandonedRuns } from '../storage/workers-repo.ts';

export interface WorkerLivenessOptions {
  database: Database;
  queue: JobQueue;
  /** As this process's worker claims executions (claimed_by). */
  workerName: string;
  /** A worker silent this long is presumed dead, as a job whose heartbeat stopped is. */
  heartbeatSeconds: number;
  logger: Logger;
}

/**
 * Says, three times per heartbeat, that this worker is alive, for the executions it runs without a
 * job (local runs, see LocalRunner). Each pass also queues again the runs of workers that fell silent,
 * so a process killed mid-run costs its events about one heartbeat, as a lost job heartbeat would.
 */
export async function startWorkerLiveness(options: WorkerLivenessOptions): Promise<{ stop(): Promise<void> }> {
  const { database, queue, workerName, heartbeatSeconds, logger } = options;
  const requeue = async (earlierLives: string[]) => {
    const requeued = await requeueAbandonedRuns(database, queue, { silentSeconds: heartbeatSeconds, earlierLives });
    if (requeued > 0) logger.log('warn', 'queued again the executions of workers that stopped', { executions: requeued });
  };
  // A restart can reuse this name (a container's process is pid 1 each time): what the earlier
  // process left running is queued before this one claims anything under the same name.
  await requeue([workerName]);
  await markAlive(database, workerName, heartbeatSeconds);
  let pass: Promise<void> = Promise.resolve();
  const timer = setInterval(
    () => {
      pass = (async () => {
        if (await markAlive(database, workerName, heartbeatSeconds)) await requeue([]);
      })().catch((error: unknown) => logger.log('warn', 'could not record that this worker is alive', { error: String(error) }));
    },
    Math.max(1_000, (heartbeatSeconds * 1_000) / 3),
  );
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await pass;
      await forgetWorker(database, workerName).catch((error: unknown) => logger.log('warn', 'could not forget this worker', { error: String(error) }));
    },
  };
}
