import type { Engine } from '@weft/engine';
import type { WeftConfig } from './config.ts';
import type { Database } from './storage/database.ts';
import type { ExecutionNotifier } from './storage/execution-notifier.ts';
import type { JobQueue } from './storage/job-queue.ts';

/** What the HTTP layer works with; built once in server.ts (or by a test). */
export interface AppContext {
  config: WeftConfig;
  database: Database;
  engine: Engine;
  queue: JobQueue;
  notifier: ExecutionNotifier;
}
