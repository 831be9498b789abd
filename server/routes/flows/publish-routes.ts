import { flowIdSchema, NotFoundError } from '@weft/engine';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { findVersion, getFlow, publishDraft } from '../../storage/flows-repo.ts';
import { checkFlowInput, requireRunnable } from './flow-input.ts';

const flowParams = z.object({ id: flowIdSchema });

/** Publishing freezes the draft as an immutable version that webhooks then run. */
export function registerPublishRoutes(app: FastifyInstance, context: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { database, engine } = context;

  api.post('/api/flows/:id/publish', { schema: { params: flowParams } }, async (request) => {
    const flow = await getFlow(database, request.params.id);
    const document = requireRunnable(checkFlowInput(engine, flow.draft));
    const version = await publishDraft(database, flow.id, document);
    return { id: flow.id, publishedVersion: version, draftRevision: flow.draftRevision };
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
