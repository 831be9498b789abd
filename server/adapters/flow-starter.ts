import type { FlowStarter, NodeRegistry } from '@weft/engine';
import type { Database } from '../storage/database.ts';
import type { JobQueue } from '../storage/job-queue.ts';
import { startChildExecution } from '../storage/start-child-execution.ts';
import { childFinishedSignal } from '../workers/settle-execution.ts';

/** Starts published flows as children of a step (`core.subflow`), durably, through the execution queue. */
export function createFlowStarter(options: { database: Database; queue: JobQueue; registry: NodeRegistry }): FlowStarter {
  return {
    async start(request) {
      const executionId = await startChildExecution(options.database, options.queue, options.registry, request);
      return { executionId, signal: childFinishedSignal(executionId) };
    },
  };
}
