import { type FlowDocument, flowIdSchema } from '@weft/engine';
import { webhookParams } from '@weft/nodes';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { TEST_HOOK_PREFIX } from '../../ingress/test-hook-routes.ts';
import { publicOriginOf } from '../../ingress/public-url.ts';
import { getFlow } from '../../storage/flows-repo.ts';
import { armTestListener, forgetTestEvent, readTestEventSlot, type TestEventSlot } from '../../storage/test-events-repo.ts';

/** How long one press of "Listen for a test event" keeps the test URL open. */
export const TEST_LISTEN_SECONDS = 180;
const MAX_WAIT_SECONDS = 25;
const POLL_INTERVAL_MS = 250;

const flowParams = z.object({ id: flowIdSchema });
const waitQuery = z.object({
  /** Long poll: answer as soon as a request is captured, or after this many seconds. */
  wait: z.coerce.number().int().min(0).max(MAX_WAIT_SECONDS).default(0),
});

/**
 * The editor's "listen for a test event": arm the flow's test URL, wait for the request it
 * captures, stop. The captured payload is what a real webhook execution would have received.
 */
export function registerTestEventRoutes(app: FastifyInstance, context: Pick<AppContext, 'database' | 'config'>): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { database } = context;
  // Long polls still waiting when the server closes answer at once instead of holding it up
  // (preClose runs before Fastify waits for requests in flight).
  const closing = new AbortController();
  app.addHook('preClose', async () => closing.abort());

  api.post('/api/flows/:id/test-event/listen', { schema: { params: flowParams } }, async (request) => {
    const flow = await getFlow(database, request.params.id);
    const expiresAt = await armTestListener(database, flow.id, TEST_LISTEN_SECONDS);
    const testUrl = `${publicOriginOf(request, context.config.publicUrl)}${TEST_HOOK_PREFIX}/${encodeURIComponent(flow.id)}`;
    return { listening: true, expiresAt: expiresAt.toISOString(), testUrl, hooks: webhookHooksOf(flow.draft, testUrl) };
  });

  api.get('/api/flows/:id/test-event', { schema: { params: flowParams, querystring: waitQuery } }, async (request, reply) => {
    const flow = await getFlow(database, request.params.id);
    const gone = new AbortController();
    reply.raw.once('close', () => gone.abort());
    const deadline = Date.now() + request.query.wait * 1000;
    let slot = await readTestEventSlot(database, flow.id);
    while (slot.captured === null && slot.listeningUntil !== null && Date.now() < deadline && !gone.signal.aborted && !closing.signal.aborted) {
      await pause(POLL_INTERVAL_MS, AbortSignal.any([gone.signal, closing.signal]));
      slot = await readTestEventSlot(database, flow.id);
    }
    // Cut short by shutdown: without this the kept-alive connection would hold the close up until it times out.
    if (closing.signal.aborted) reply.header('connection', 'close');
    return slotView(slot);
  });

  api.delete('/api/flows/:id/test-event', { schema: { params: flowParams } }, async (request, reply) => {
    const flow = await getFlow(database, request.params.id);
    await forgetTestEvent(database, flow.id);
    return reply.status(204).send();
  });
}

function slotView(slot: TestEventSlot) {
  const status = slot.captured !== null ? 'captured' : slot.listeningUntil !== null ? 'listening' : 'idle';
  return {
    status,
    expiresAt: slot.listeningUntil?.toISOString() ?? null,
    event:
      slot.captured === null
        ? null
        : { triggerNodeId: slot.captured.triggerNodeId, payload: slot.captured.payload, capturedAt: slot.captured.capturedAt.toISOString() },
  };
}

/** Each webhook trigger of the draft with its own test URL (its sub-path appended) and methods. */
function webhookHooksOf(draft: FlowDocument, testUrl: string) {
  return draft.nodes
    .filter((node) => node.type === 'core.webhook')
    .flatMap((node) => {
      const params = webhookParams.safeParse(node.params);
      if (!params.success) return [];
      return [{ nodeId: node.id, url: params.data.path === '' ? testUrl : `${testUrl}/${params.data.path}`, methods: params.data.methods }];
    });
}

function pause(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, milliseconds);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
