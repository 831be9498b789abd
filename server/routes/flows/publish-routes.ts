import { type FlowDocument, flowIdSchema, NotFoundError } from '@weft/engine';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { findVersion, getFlow, publishDraft, unpublishFlow } from '../../storage/flows-repo.ts';
import { describeSchedules, syncSchedules } from '../../workers/schedules.ts';
import { checkFlowInput, invalidFlow, requireRunnable } from './flow-input.ts';

const flowParams = z.object({ id: flowIdSchema });

/** Publishing freezes the draft as an immutable version that webhooks then run. */
export function registerPublishRoutes(app: FastifyInstance, context: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { database, engine } = context;

  api.post('/api/flows/:id/publish', { schema: { params: flowParams } }, async (request) => {
    const flow = await getFlow(database, request.params.id);
    const document = requireRunnable(checkFlowInput(engine, flow.draft));
    const schedules = checkedSchedules(context, document);
    const version = await publishDraft(database, flow.id, document);
    context.liveVersions.forget(flow.id);
    await syncSchedules(context.queue, flow.id, document);
    return { id: flow.id, publishedVersion: version, draftRevision: flow.draftRevision, schedules };
  });

  api.post('/api/flows/:id/unpublish', { schema: { params: flowParams } }, async (request) => {
    await unpublishFlow(database, request.params.id);
    context.liveVersions.forget(request.params.id);
    await syncSchedules(context.queue, request.params.id, null);
    return { id: request.params.id, publishedVersion: null };
  });

  api.get('/api/flows/:id/schedules', { schema: { params: flowParams } }, async (request) => {
    const flow = await getFlow(database, request.params.id);
    const live = flow.publishedVersion === null ? undefined : await findVersion(database, flow.id, flow.publishedVersion);
    return { published: live !== undefined, schedules: live === undefined ? [] : describeSchedules(context.queue, live.document) };
  });

  api.get(
    '/api/flows/:id/versions/:version',
    { schema: { params: z.object({ id: flowIdSchema, version: z.coerce.number().int().min(1) }) } },
    async (request) => {
      const found = await findVersion(database, request.params.id, request.params.version);
      if (found === undefined) {
        throw new NotFoundError('version_not_found', `flow "${request.params.id}" has no published version ${request.params.version}`);
      }
      return { version: found.version, publishedAt: found.publishedAt.toISOString(), document: found.document };
    },
  );
}

/** The cron expressions the node schema let through must also parse for the scheduler. */
function checkedSchedules(context: AppContext, document: FlowDocument) {
  try {
    return describeSchedules(context.queue, document);
  } catch (error) {
    const index = document.nodes.findIndex((node) => node.type === 'core.schedule');
    const message = error instanceof Error ? error.message : String(error);
    throw invalidFlow([{ code: 'invalid_schedule', message: `the cron expression is not valid: ${message}`, path: `nodes[${index}].params.cron` }]);
  }
}
