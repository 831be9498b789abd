import { NotFoundError } from '@weft/engine';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { findFlow } from '../storage/flows-repo.ts';
import { captureTestEvent, isListeningForTestEvent } from '../storage/test-events-repo.ts';
import { acceptRawBodies } from './raw-body.ts';
import { matchWebhookTrigger, webhookTriggers } from './resolve-hook.ts';
import { hookSubPath, webhookPayload } from './webhook-payload.ts';

export const TEST_HOOK_PREFIX = '/hooks-test';

type TestHookRequest = FastifyRequest<{ Params: { flowId: string; '*'?: string } }>;

/**
 * The test URL `/hooks-test/:flowId[/sub-path]`: while someone listens (POST
 * /api/flows/:id/test-event/listen), the next request a webhook trigger of the *draft* would accept
 * is stored as the flow's sample event and nothing runs. Signatures are not checked: the sample is
 * for the editor, and the URL is open only for the minutes after an authenticated user armed it.
 */
export function registerTestHookRoutes(app: FastifyInstance, context: AppContext): void {
  app.register(async (scope) => {
    acceptRawBodies(scope, context.config.bodyLimitBytes);
    const handler = async (request: TestHookRequest) => captureTestRequest(context, request);
    scope.all(`${TEST_HOOK_PREFIX}/:flowId`, handler);
    scope.all(`${TEST_HOOK_PREFIX}/:flowId/*`, handler);
  });
}

async function captureTestRequest(context: AppContext, request: TestHookRequest): Promise<{ captured: true }> {
  const { flowId } = request.params;
  const subPath = hookSubPath(request.params['*']);
  const url = `${TEST_HOOK_PREFIX}/${flowId}${subPath === '' ? '' : `/${subPath}`}`;
  // Checked first and cheaply: traffic to a URL nobody listens on costs one indexed read.
  if (!(await isListeningForTestEvent(context.database, flowId))) throw notListening(url);
  const flow = await findFlow(context.database, flowId);
  if (flow === undefined) throw notListening(url);
  const trigger = matchWebhookTrigger(webhookTriggers(flow.draft.nodes), { subPath, method: request.method }, () => noTriggerAt(url));
  // Built exactly as live ingress builds it, so a test run sees what a real execution would.
  const payload = webhookPayload(request, subPath, typeof request.body === 'string' ? request.body : '');
  if (!(await captureTestEvent(context.database, { flowId, triggerNodeId: trigger.nodeId, payload }))) throw notListening(url);
  return { captured: true };
}

function notListening(url: string): NotFoundError {
  return new NotFoundError(
    'test_hook_not_listening',
    `nobody is listening at ${url}: press "Listen for a test event" in the editor (or POST /api/flows/<id>/test-event/listen) first`,
  );
}

function noTriggerAt(url: string): NotFoundError {
  return new NotFoundError('hook_not_found', `the draft has no webhook trigger for ${url}`);
}
