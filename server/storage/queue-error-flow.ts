import type { ExecutionFailure, FlowDocument, Json } from '@weft/engine';
import type pg from 'pg';
import { insertExecution } from './executions-repo.ts';
import { findPublishedVersionNumber, findVersion } from './flows-repo.ts';
import type { JobQueue } from './job-queue.ts';
import { uuidV7 } from './uuid-v7.ts';

export interface FailedExecution {
  id: string;
  flowVersion: number | null;
  mode: string;
  document: FlowDocument;
  error: ExecutionFailure;
  payload: Json;
}

/**
 * Starts the failed flow's error flow (settings.errorFlowId), in the caller's transaction, through
 * that flow's live `core.error` trigger. Returns why it did not when it cannot (not published, no
 * error trigger), for the operator log.
 */
export async function queueErrorFlow(client: pg.PoolClient, queue: JobQueue, failed: FailedExecution): Promise<{ executionId: string } | { skipped: string }> {
  const errorFlowId = failed.document.settings.errorFlowId;
  if (errorFlowId === undefined) return { skipped: 'no error flow configured' };
  const version = await findPublishedVersionNumber(client, errorFlowId);
  const published = version === undefined ? undefined : await findVersion(client, errorFlowId, version);
  if (published === undefined) return { skipped: `error flow "${errorFlowId}" is not published` };
  const trigger = published.document.nodes.find((node) => node.type === 'core.error');
  if (trigger === undefined) return { skipped: `error flow "${errorFlowId}" has no error trigger` };
  const executionId = uuidV7();
  await insertExecution(client, {
    id: executionId,
    flowId: errorFlowId,
    flowVersion: published.version,
    draftDocument: null,
    triggerNode: trigger.id,
    mode: 'error',
    payload: {
      flow: { id: failed.document.id, name: failed.document.name },
      execution: { id: failed.id, flowVersion: failed.flowVersion, mode: failed.mode },
      error: { nodeId: failed.error.nodeId, code: failed.error.code, message: failed.error.message },
      event: failed.payload,
    },
  });
  await queue.enqueueExecution(client, executionId);
  return { executionId };
}
