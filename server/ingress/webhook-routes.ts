import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { sendError } from '../plugins/error-handler.ts';
import { findDuplicate } from '../storage/dedupe-repo.ts';
import { acceptHookEvent } from './accept-hook-event.ts';
import { answerDuplicate } from './answer-duplicate.ts';
import { checkSignature } from './check-signature.ts';
import { dedupeClaimOf } from './dedupe-key.ts';
import { publicUrlOf } from './public-url.ts';
import { acceptRawBodies } from './raw-body.ts';
import { rateLimitRefusal } from './rate-limit-guard.ts';
import { resolveHook } from './resolve-hook.ts';
import { flattenHeaders, hookSubPath, webhookPayload } from './webhook-payload.ts';

/**
 * Webhook ingress: `/hooks/:flowId` (and any sub-path a trigger declares) runs the flow's live
 * version. The event is committed with its job before any 2xx is sent.
 */
export function registerWebhookRoutes(app: FastifyInstance, context: AppContext): void {
  app.register(async (scope) => {
    acceptRawBodies(scope, context.config.bodyLimitBytes);
    const handler = (request: FastifyRequest<{ Params: { flowId: string; '*'?: string } }>, reply: FastifyReply) =>
      handleWebhook(context, request, reply);
    scope.all('/hooks/:flowId', handler);
    scope.all('/hooks/:flowId/*', handler);
  });
}

// The order matters: an unsigned request is refused before it can use up the rate limit, and a
// repeat of an accepted delivery gets its original answer even when the limit is reached.
async function handleWebhook(context: AppContext, request: FastifyRequest<{ Params: { flowId: string; '*'?: string } }>, reply: FastifyReply) {
  const subPath = hookSubPath(request.params['*']);
  const target = await resolveHook(context, request.params.flowId, subPath, request.method);
  const rawBody = typeof request.body === 'string' ? request.body : '';
  const headers = flattenHeaders(request.headers);
  const { verify, rateLimit, dedupeWindowSeconds } = target.params;
  const url = publicUrlOf(request, context.config.publicUrl);
  const deliveryId = verify === undefined ? undefined : await checkSignature(context, verify, { flowId: target.flowId, headers, rawBody, url });
  const payload = webhookPayload(request, subPath, rawBody);
  const dedupe = dedupeClaimOf({ headers, verifiedDeliveryId: deliveryId, windowSeconds: dedupeWindowSeconds });
  const earlier = dedupe === undefined ? undefined : await findDuplicate(context.database, target.flowId, dedupe);
  if (earlier !== undefined) return answerDuplicate(context, reply, earlier, target);
  const refusal = rateLimit === undefined ? undefined : await rateLimitRefusal(context, target.flowId, rateLimit);
  if (refusal !== undefined) {
    reply.header('retry-after', String(refusal.retryAfterSeconds));
    return sendError(reply, 429, 'rate_limited', refusal.message, { retryAfterSeconds: refusal.retryAfterSeconds });
  }
  return acceptHookEvent(context, reply, target, payload, dedupe);
}
