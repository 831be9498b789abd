import { createHash } from 'node:crypto';
import { type Db, PgBoss } from 'pg-boss';
import type pg from 'pg';
import type { Queryable } from './database.ts';
import type { PreparedInsert } from './row-insert.ts';
import { z } from 'zod';

export const EXECUTE_QUEUE = 'weft-execute';

/** NOTIFYed in the transaction that queues executions, so idle workers in any process fetch at once. */
export const EXECUTIONS_QUEUED_CHANNEL = 'weft_executions_queued';

export const executeJobSchema = z.object({
  executionId: z.uuid(),
  // Set at ingest: with them a worker finds a published flow's plan, and its concurrency limit,
  // before reading the execution, and may claim and read it in one statement.
  flowId: z.string().optional(),
  flowVersion: z.int().nullable().optional(),
});
export type ExecuteJob = z.infer<typeof executeJobSchema>;

/**
 * SQL: whether execution `e` has a job a worker will still run (queued, retrying or claimed). Its
 * queue's name is the statement's parameter `queueParam` (EXECUTE_QUEUE).
 */
export const hasLiveJob = (queueParam: string) =>
  `EXISTS (SELECT 1 FROM weft_queue.job j WHERE j.name = ${queueParam} AND j.data->>'executionId' = e.id::text AND j.state IN ('created', 'retry', 'active'))`;

/** A job to queue for any worker. */
export interface QueuedExecution {
  data: ExecuteJob;
}

export interface JobQueue {
  boss: PgBoss;
  /** Queues an execution inside the caller's transaction: the job exists exactly when the row does. */
  enqueueExecution(client: pg.PoolClient, executionId: string, startAfter?: Date): Promise<void>;
  /**
   * Many at once, in one statement: inside the caller's transaction, or, with `alongside`, as a
   * transaction of its own that also runs that INSERT (see alongsideJobs).
   */
  enqueueExecutions(database: Queryable, jobs: readonly QueuedExecution[], alongside?: AlongsideInsert): Promise<void>;
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
    // Weft's own NOTIFY wakes its dispatcher once per commit; pg-boss's would wake every local
    // pg-boss worker per job, and Weft runs none on this queue.
    notify: false,
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
        db: preparedOn(client),
        // Per job, so a changed setting applies at once (a queue keeps the values it was created with).
        heartbeatSeconds: options.heartbeatSeconds,
        ...(startAfter === undefined ? {} : { startAfter }),
      });
      if (startAfter === undefined) await client.query(`SELECT pg_notify('${EXECUTIONS_QUEUED_CHANNEL}', '')`);
    },
    async enqueueExecutions(database, queued, alongside) {
      const jobs = queued.map(({ data }) => ({ data, heartbeatSeconds: options.heartbeatSeconds }));
      await boss.insert(EXECUTE_QUEUE, jobs, { db: alongside === undefined ? preparedOn(database) : alongsideJobs(database, alongside) });
      // Alone, the statement has committed by now, so the wake-up comes after the rows are there to fetch.
      await database.query(`SELECT pg_notify('${EXECUTIONS_QUEUED_CHANNEL}', '')`);
    },
    stop: () => boss.stop({ graceful: true, timeout: 10_000 }),
  };
}

/** An INSERT to run with a job insert, its parameters numbered from `firstParam` (see insertRows). */
export type AlongsideInsert = (firstParam: number) => PreparedInsert;

// pg-boss statements that open with CTEs of their own.
const LEADING_WITH = /^\s*WITH\s/i;

/**
 * Runs pg-boss's job insert with another INSERT as a CTE of the same statement: one round trip and
 * one transaction instead of four (BEGIN, the two INSERTs, COMMIT), for a group commit at ingest.
 * A CTE that writes always runs to completion, and either both INSERTs commit or neither does.
 * Prepared, like each of them alone.
 */
function alongsideJobs(database: Queryable, alongside: AlongsideInsert): Db {
  return {
    executeSql(text, values = []) {
      const insert = alongside(values.length + 1);
      // pg-boss's statement may begin with CTEs of its own: then this one joins their list.
      const statement = LEADING_WITH.test(text) ? `WITH alongside AS (${insert.text}), ${text.replace(LEADING_WITH, '')}` : `WITH alongside AS (${insert.text}) ${text}`;
      return database.query({ name: `${statementName(text)}-with-${insert.name}`, text: statement, values: [...values, ...insert.values] });
    },
  };
}

/**
 * Runs pg-boss's statements on `database` (a pool, or a client inside its transaction) as named
 * prepared statements: their texts hardly vary, and planning them anew each time cost more than
 * running them (a job insert: 0.36 ms to plan, 0.29 ms to run; a complete about as much as it ran).
 * The name is a hash of the text, so a different text is a different statement. Only for statements
 * whose plan does not hinge on a parameter's value (see JobDispatcherOptions.fetchDb).
 */
export function preparedOn(database: Queryable): Db {
  return { executeSql: (text, values) => database.query({ name: statementName(text), text, values: values ?? [] }) };
}

/** Runs pg-boss's statements on `database`, planned on each run: for those preparedOn must not take. */
export function plannedOn(database: Queryable): Db {
  return { executeSql: (text, values) => database.query(text, values ?? []) };
}

// The statements handed to preparedOn have few distinct texts.
const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `weft-boss-${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

function sweepSeconds(heartbeatSeconds: number): number {
  return Math.max(5, Math.floor(heartbeatSeconds / 2));
}
