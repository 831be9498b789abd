import { flowIdSchema } from '@weft/engine';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { executionStatuses, listExecutions } from '../../storage/executions-repo.ts';
import { executionDetails, executionSummary } from './execution-view.ts';

const listQuerySchema = z.object({
  flowId: flowIdSchema.optional(),
  status: z.enum(executionStatuses).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).optional(),
});

/** Executions, newest first, with cursor pagination; one execution with all its steps. */
export function registerExecutionRoutes(app: FastifyInstance, context: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/executions', { schema: { querystring: listQuerySchema } }, async (request) => {
    const { flowId, status, since, until, limit, cursor } = request.query;
    const page = await listExecutions(context.database, {
      limit,
      ...(flowId === undefined ? {} : { flowId }),
      ...(status === undefined ? {} : { status }),
      ...(since === undefined ? {} : { since: new Date(since) }),
      ...(until === undefined ? {} : { until: new Date(until) }),
      ...(cursor === undefined ? {} : { cursor }),
    });
    return { items: page.items.map(executionSummary), nextCursor: page.nextCursor };
  });

  api.get('/api/executions/:id', { schema: { params: z.object({ id: z.string() }) } }, async (request) => executionDetails(context.database, request.params.id));
}
