import { flowIdSchema, ValidationError } from '@weft/engine';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { deleteFlow, getFlow, insertFlow, listFlows, saveDraft } from '../../storage/flows-repo.ts';
import { syncSchedules } from '../../workers/schedules.ts';
import { checkFlowInput } from './flow-input.ts';
import { flowView } from './flow-view.ts';

const flowParams = z.object({ id: flowIdSchema });

/** Create, read, save (with a revision check), list and delete flows. */
export function registerFlowRoutes(app: FastifyInstance, context: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { database, engine } = context;

  api.get('/api/flows', async () => {
    const flows = await listFlows(database);
    return {
      items: flows.map((flow) => ({
        ...flow,
        createdAt: flow.createdAt.toISOString(),
        updatedAt: flow.updatedAt.toISOString(),
        lastExecution: flow.lastExecution && { ...flow.lastExecution, createdAt: flow.lastExecution.createdAt.toISOString() },
      })),
    };
  });

  api.post('/api/flows', { schema: { body: z.record(z.string(), z.unknown()) } }, async (request, reply) => {
    // A new flow needs little: a name is enough, the rest starts empty.
    const input = { formatVersion: 1, id: `flow-${randomBytes(5).toString('hex')}`, nodes: [], edges: [], ...request.body };
    const checked = checkFlowInput(engine, input);
    const flow = await insertFlow(database, checked.document);
    return reply.status(201).send(flowView(flow, checked.problems));
  });

  api.get('/api/flows/:id', { schema: { params: flowParams } }, async (request) => {
    const flow = await getFlow(database, request.params.id);
    return flowView(flow, engine.validate(flow.draft).problems);
  });

  api.put(
    '/api/flows/:id',
    { schema: { params: flowParams, body: z.object({ document: z.unknown(), baseRevision: z.int().min(1) }) } },
    async (request) => {
      const checked = checkFlowInput(engine, request.body.document);
      if (checked.document.id !== request.params.id) {
        throw new ValidationError('id_mismatch', `the document's id "${checked.document.id}" differs from the flow's id "${request.params.id}"`);
      }
      const flow = await saveDraft(database, checked.document, request.body.baseRevision);
      return flowView(flow, checked.problems);
    },
  );

  api.delete('/api/flows/:id', { schema: { params: flowParams } }, async (request, reply) => {
    await deleteFlow(database, request.params.id);
    context.liveVersions.forget(request.params.id);
    await syncSchedules(context.queue, request.params.id, null);
    return reply.status(204).send();
  });
}
