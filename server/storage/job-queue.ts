import { PgBoss } from 'pg-boss';
import type pg from 'pg';
import { z } from 'zod';

export const EXECUTE_QUEUE = 'weft-execute';

export const executeJobSchema = z.object({ executionId: z.uuid() });
export type ExecuteJob = z.infer<typeof executeJobSchema>;

export interface JobQueue {
  boss: PgBoss;
  /** Queues an execution inside the caller's transaction: the job exists exactly when the row does. */
  enqueueExecution(client: pg.PoolClient, executionId: string, startAfter?: Date): Promise<void>;
  /** Many at once, in one statement, inside the caller's transaction. */
  enqueueExecutions(client: pg.PoolClient, executionIds: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startJobQueue(
  connectionString: string,
  options: { onError: (error: Error) => void; heartbeatSeconds: number },
): Promise<JobQueue> {
  const boss = new PgBoss({
    connectionString,
    schema: 'weft_queue',
    useListenNotify: true,
    application_name: 'weft-queue',
    // The sweep that fails jobs whose heartbeat stopped runs in the monitor pass, this often, so a
    // dead worker's execution moves to another worker within about 1.5 heartbeats rather than
    // after pg-boss's default of a minute or more.
    superviseIntervalSeconds: sweepSeconds(options.heartbeatSeconds),
    monitorIntervalSeconds: sweepSeconds(options.heartbeatSeconds),
  });
  boss.on('error', options.onError);
  await boss.start();
  await boss.createQueue(EXECUTE_QUEUE, {
    notify: true,
    // A worker that dies mid-execution stops its heartbeat; the job then goes to another worker,
    // which resumes from the last committed step.
    heartbeatSeconds: options.heartbeatSeconds,
    expireInSeconds: 24 * 60 * 60,
    retryLimit: 20,
    retryDelay: 1,
    retryBackoff: true,
    retryDelayMax: 300,
  });
  return {
    boss,
    async enqueueExecution(client, executionId, startAfter) {
      const job: ExecuteJob = { executionId };
      await boss.send(EXECUTE_QUEUE, job, {
        db: { executeSql: (text, values) => client.query(text, values) },
        // Per job, so a changed setting applies at once (a queue keeps the values it was created with).
        heartbeatSeconds: options.heartbeatSeconds,
        ...(startAfter === undefined ? {} : { startAfter }),
      });
    },
    async enqueueExecutions(client, executionIds) {
      const jobs = executionIds.map((executionId) => ({ data: { executionId }, heartbeatSeconds: options.heartbeatSeconds }));
      await boss.insert(EXECUTE_QUEUE, jobs, { db: { executeSql: (text, values) => client.query(text, values) } });
    },
    stop: () => boss.stop({ graceful: true, timeout: 10_000 }),
  };
}

function sweepSeconds(heartbeatSeconds: number): number {
  return Math.max(5, Math.floor(heartbeatSeconds / 2));
}
