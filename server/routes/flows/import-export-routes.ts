import { flowIdSchema, NotFoundError, serializeFlow } from '@weft/engine';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { findVersion, getFlow, insertFlow } from '../../storage/flows-repo.ts';
import { checkFlowInput } from './flow-input.ts';
import { flowView } from './flow-view.ts';

/** Flows travel as plain, canonical JSON documents: what export writes, import reads back. */
export function registerImportExportRoutes(app: FastifyInstance, context: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { database, engine } = context;

  api.post('/api/flows/import', { schema: { body: z.unknown() } }, async (request, reply) => {
    const checked = checkFlowInput(engine, request.body);
    const flow = await insertFlow(database, checked.document);
    return reply.status(201).send(flowView(flow, checked.problems));
  });

  api.get(
    '/api/flows/:id/export',
    { schema: { params: z.object({ id: flowIdSchema }), querystring: z.object({ version: z.coerce.number().int().min(1).optional() }) } },
    async (request, reply) => {
      const flow = await getFlow(database, request.params.id);
      const version = request.query.version;
      const document = version === undefined ? flow.draft : (await findVersion(database, flow.id, version))?.document;
      if (document === undefined) throw new NotFoundError('version_not_found', `flow "${flow.id}" has no published version ${version}`);
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${flow.id}.flow.json"`)
        .send(serializeFlow(document));
    },
  );
}
