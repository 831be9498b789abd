import { ConflictError, type FlowDocument, flowIdSchema, jsonSchema } from '@weft/engine';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { acceptEvent } from '../../storage/accept-event.ts';
import { findVersion, getFlow } from '../../storage/flows-repo.ts';
import { executionDetails } from '../executions/execution-view.ts';
import { chooseTrigger } from './choose-trigger.ts';
import { checkFlowInput, requireRunnable } from './flow-input.ts';

const runBodySchema = z.object({
  payload: jsonSchema.default({}),
  /** Run the draft (a test run, the default) or the published version. */
  version: z.enum(['draft', 'published']).default('draft'),
  /** Which trigger receives the payload; the flow's manual trigger, else its first trigger. */
  triggerNodeId: z.string().optional(),
  /** Answer with the finished execution (up to `timeoutMs`) instead of at once. */
  wait: z.boolean().default(true),
  timeoutMs: z.int().min(0).max(300_000).default(30_000),
});

/** Runs a flow by hand with a JSON payload, as the editor's "test run" does. */
export function registerRunRoute(app: FastifyInstance, context: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { database, engine, queue, notifier } = context;

  api.post(
    '/api/flows/:id/run',
    { schema: { params: z.object({ id: flowIdSchema }), body: runBodySchema.default({ payload: {}, version: 'draft', wait: true, timeoutMs: 30_000 }) } },
    async (request, reply) => {
      const flow = await getFlow(database, request.params.id);
      const body = request.body;
      const target = body.version === 'draft' ? await draftTarget(context, flow.draft) : await publishedTarget(context, flow.id, flow.publishedVersion);
      const triggerNode = chooseTrigger(target.document, body.triggerNodeId, engine.registry.get.bind(engine.registry));
      let waiter: ReturnType<typeof notifier.waitFor> | undefined;
      const executionId = await acceptEvent(
        database,
        queue,
        { flowId: flow.id, ...target.columns, triggerNode, mode: 'manual', payload: body.payload },
        (id) => {
          if (body.wait) waiter = notifier.waitFor(id, body.timeoutMs);
        },
      );
      if (waiter === undefined || !(await waiter.finished).finished) return reply.status(202).send({ executionId, status: 'queued' });
      return executionDetails(database, executionId);
    },
  );
}

async function draftTarget(context: AppContext, draft: FlowDocument) {
  const document = requireRunnable(checkFlowInput(context.engine, draft));
  return { document, columns: { flowVersion: null, draftDocument: document } };
}

async function publishedTarget(context: AppContext, flowId: string, version: number | null) {
  const published = version === null ? undefined : await findVersion(context.database, flowId, version);
  if (published === undefined) throw new ConflictError('flow_not_published', `flow "${flowId}" has no published version yet`);
  return { document: published.document, columns: { flowVersion: published.version, draftDocument: null } };
}
