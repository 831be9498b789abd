import type { JsonObject } from '@weft/engine';
import type { FastifyReply } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { acceptEvent } from '../storage/accept-event.ts';
import { type DedupeClaim, DuplicateEventError } from '../storage/dedupe-repo.ts';
import { answerDuplicate } from './answer-duplicate.ts';
import { answerFinished } from './answer-finished.ts';
import type { HookTarget } from './resolve-hook.ts';

/** Stores the event with its job (and its dedupe key), then answers at once or when the flow finishes. */
export async function acceptHookEvent(context: AppContext, reply: FastifyReply, target: HookTarget, payload: JsonObject, dedupe: DedupeClaim | undefined) {
  const waitForFinish = target.params.responseMode === 'whenFinished';
  let waiter: ReturnType<AppContext['notifier']['waitFor']> | undefined;
  let executionId: string;
  try {
    const event = { flowId: target.flowId, flowVersion: target.version, draftDocument: null, triggerNode: target.triggerNodeId, mode: 'webhook' as const, payload };
    // Listen before the commit, so a fast worker's "finished" cannot slip past.
    const listen = (id: string, runsHere = false) => {
      if (waitForFinish) waiter = context.notifier.waitFor(id, target.params.responseTimeoutMs, runsHere);
    };
    // A deduplicated delivery claims its key in its own transaction; the rest share group commits.
    executionId =
      dedupe === undefined
        ? await context.ingest.accept(event, { beforeCommit: listen, awaited: waitForFinish })
        : await acceptEvent(context.database, context.queue, { ...event, dedupe }, listen);
  } catch (error) {
    // Lost a race with a concurrent copy of this delivery: answer as that one is answered.
    if (error instanceof DuplicateEventError) return answerDuplicate(context, reply, error.executionId, target);
    throw error;
  }
  if (waiter === undefined) return reply.status(202).send({ executionId });
  return answerFinished(context, reply, executionId, target.params.responseTimeoutMs, await waiter.finished);
}
