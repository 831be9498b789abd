import { ConflictError, type FlowDocument } from '@weft/engine';
import { type Database, inTransaction } from './database.ts';
import { documentOfExecution, getExecution, insertExecution, loadSteps, saveSteps } from './executions-repo.ts';
import { findPublishedVersionNumber, findVersion } from './flows-repo.ts';
import type { JobQueue } from './job-queue.ts';
import { uuidV7 } from './uuid-v7.ts';

export interface ReplayOptions {
  /** start: run the whole flow again; failed: keep the steps that finished and run on from the failed one. */
  from: 'start' | 'failed';
  /** original: the version the execution ran; current: the flow's live version now. */
  version: 'original' | 'current';
}

/** Starts a new execution of an old one's event, linked to it through `replayOf`. */
export async function replayExecution(database: Database, queue: JobQueue, originalId: string, options: ReplayOptions): Promise<string> {
  const original = await getExecution(database, originalId);
  if (options.from === 'failed' && original.status !== 'failed') {
    throw new ConflictError('not_failed', `execution ${originalId} is ${original.status}; only a failed execution can be replayed from its failed step`);
  }
  const target = options.version === 'original' ? await originalTarget(database, originalId, original.flowVersion) : await currentTarget(database, original.flowId);
  const kept = options.from === 'failed' ? await reusableSteps(database, originalId, target.document) : [];
  const id = uuidV7();
  await inTransaction(database, async (client) => {
    await insertExecution(client, {
      id,
      flowId: original.flowId,
      flowVersion: target.flowVersion,
      draftDocument: target.flowVersion === null ? target.document : null,
      triggerNode: original.triggerNode,
      mode: original.mode,
      payload: original.payload,
      replayOf: originalId,
    });
    await saveSteps(client, id, kept);
    await queue.enqueueExecution(client, id);
  });
  return id;
}

async function originalTarget(database: Database, executionId: string, flowVersion: number | null) {
  return { flowVersion, document: await documentOfExecution(database, executionId) };
}

async function currentTarget(database: Database, flowId: string): Promise<{ flowVersion: number; document: FlowDocument }> {
  const version = await findPublishedVersionNumber(database, flowId);
  const published = version === undefined ? undefined : await findVersion(database, flowId, version);
  if (published === undefined) throw new ConflictError('flow_not_published', `flow "${flowId}" has no published version to replay on`);
  return { flowVersion: published.version, document: published.document };
}

/** The steps that finished before the failure, where the target version still has the same node. */
async function reusableSteps(database: Database, executionId: string, document: FlowDocument) {
  const typeOf = new Map(document.nodes.map((node) => [node.id, node.type]));
  return (await loadSteps(database, executionId)).filter((step) => step.status !== 'failed' && typeOf.get(step.nodeId) === step.nodeType);
}
