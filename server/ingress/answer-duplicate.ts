import type { FastifyReply } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { findExecution } from '../storage/executions-repo.ts';
import { recordIngressOutcome } from '../storage/ingress-stats-repo.ts';
import { answerFinished } from './answer-finished.ts';
import type { HookTarget } from './resolve-hook.ts';

const FINISHED = new Set(['succeeded', 'failed']);

/**
 * Answers a repeated delivery the way the first one was answered, starting nothing: 202 with the
 * original execution id, or for whenFinished hooks that execution's outcome (waited for, if it is
 * still running).
 */
export async function answerDuplicate(context: AppContext, reply: FastifyReply, executionId: string, target: HookTarget) {
  await recordIngressOutcome(context.database, target.flowId, { kind: 'duplicate' });
  reply.header('x-weft-duplicate', 'true');
  if (target.params.responseMode !== 'whenFinished') return reply.status(202).send({ executionId, duplicate: true });
  // Listen before reading the status, so a finish between the two cannot be missed.
  const waiter = context.notifier.waitFor(executionId, target.params.responseTimeoutMs);
  const execution = await findExecution(context.database, executionId);
  if (execution === undefined || FINISHED.has(execution.status)) waiter.cancel();
  return answerFinished(context, reply, executionId, target.params.responseTimeoutMs, await waiter.finished);
}
