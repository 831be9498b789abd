import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { sendError } from '../plugins/error-handler.ts';
import { acceptEvent } from '../storage/accept-event.ts';
import { getExecution } from '../storage/executions-repo.ts';
import { type HookTarget, resolveHook } from './resolve-hook.ts';
import { webhookPayload } from './webhook-payload.ts';

/**
 * Webhook ingress: `/hooks/:flowId` (and any sub-path a trigger declares) runs the flow's live
 * version. The event is committed with its job before any 2xx is sent.
 */
export function registerWebhookRoutes(app: FastifyInstance, context: AppContext): void {
  app.register(async (scope) => {
    // Bodies are kept as the exact text received (signatures are computed over it) and decoded here.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: context.config.bodyLimitBytes }, (_request, body, done) => done(null, body));
    const handler = (request: FastifyRequest<{ Params: { flowId: string; '*'?: string } }>, reply: FastifyReply) =>
      handleWebhook(context, request, reply);
    scope.all('/hooks/:flowId', handler);
    scope.all('/hooks/:flowId/*', handler);
  });
}

async function handleWebhook(context: AppContext, request: FastifyRequest<{ Params: { flowId: string; '*'?: string } }>, reply: FastifyReply) {
  const subPath = (request.params['*'] ?? '').replace(/^\/+|\/+$/g, '');
  const target = await resolveHook(context, request.params.flowId, subPath, request.method);
  const rawBody = typeof request.body === 'string' ? request.body : '';
  const payload = webhookPayload(request, subPath, rawBody);
  const waitForFinish = target.params.responseMode === 'whenFinished';
  let waiter: ReturnType<AppContext['notifier']['waitFor']> | undefined;
  const executionId = await acceptEvent(
    context.database,
    context.queue,
    { flowId: target.flowId, flowVersion: target.version, draftDocument: null, triggerNode: target.triggerNodeId, mode: 'webhook', payload },
    // Listen before the commit, so a fast worker's "finished" cannot slip past.
    (id) => {
      if (waitForFinish) waiter = context.notifier.waitFor(id, target.params.responseTimeoutMs);
    },
  );
  if (waiter === undefined) return reply.status(202).send({ executionId });
  await waiter.finished;
  return answerFinished(context, reply, executionId, target);
}

async function answerFinished(context: AppContext, reply: FastifyReply, executionId: string, target: HookTarget) {
  // Read the outcome from the database rather than trusting the wake-up: a missed notification
  // then costs only the timeout, never a wrong answer.
  const execution = await getExecution(context.database, executionId);
  if (execution.status === 'queued' || execution.status === 'running') {
    return sendError(reply, 504, 'response_timeout', `the flow did not finish within ${target.params.responseTimeoutMs} ms; it goes on running`, {
      executionId,
    });
  }
  if (execution.response !== null) {
    return reply.status(execution.response.status).headers(execution.response.headers).header('x-weft-execution-id', executionId).send(execution.response.body);
  }
  if (execution.status === 'failed') {
    const failure = execution.error;
    return sendError(reply, 500, 'execution_failed', failure === null ? 'the flow failed' : `step ${failure.nodeId} failed: ${failure.message}`, {
      executionId,
      nodeId: failure?.nodeId ?? null,
    });
  }
  return reply.status(200).send({ executionId, status: execution.status });
}
