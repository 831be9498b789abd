import { flowIdSchema } from '@weft/engine';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { failedExecutionIds } from '../../storage/failed-executions.ts';
import { getFlow } from '../../storage/flows-repo.ts';
import { replayExecution } from '../../storage/replay-execution.ts';

const replayOptionsSchema = z.object({
  from: z.enum(['start', 'failed']).default('start'),
  version: z.enum(['original', 'current']).default('original'),
});

const MAX_BULK_REPLAY = 1_000;

/** Replays: one execution, or every failed execution of a flow in a time range. */
export function registerReplayRoutes(app: FastifyInstance, context: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { database, queue } = context;

  api.post(
    '/api/executions/:id/replay',
    { schema: { params: z.object({ id: z.string() }), body: replayOptionsSchema.default({ from: 'start', version: 'original' }) } },
    async (request, reply) => {
      const executionId = await replayExecution(database, queue, request.params.id, request.body);
      return reply.status(202).send({ executionId, replayOf: request.params.id });
    },
  );

  api.post(
    '/api/flows/:id/replay-failed',
    {
      schema: {
        params: z.object({ id: flowIdSchema }),
        body: replayOptionsSchema.extend({ since: z.iso.datetime({ offset: true }), until: z.iso.datetime({ offset: true }).optional() }),
      },
    },
    async (request, reply) => {
      const flow = await getFlow(database, request.params.id);
      const { since, until, ...options } = request.body;
      const ids = await failedExecutionIds(database, flow.id, new Date(since), until === undefined ? new Date() : new Date(until), MAX_BULK_REPLAY);
      const replayed = [];
      for (const originalId of ids) replayed.push({ replayOf: originalId, executionId: await replayExecution(database, queue, originalId, options) });
      return reply.status(202).send({ replayed, limit: MAX_BULK_REPLAY });
    },
  );
}
