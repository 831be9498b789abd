import { jsonSchema } from '@weft/engine';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { eventTypeSchema } from './event-types.ts';
import { getEvent, type PublishedEventRecord, publishEvent } from './publish-event.ts';

const publishSchema = z.strictObject({
  type: eventTypeSchema,
  data: jsonSchema,
  idempotencyKey: z.string().min(1).max(200).optional(),
});

/** Publishing an event: 201 when new, 200 with the original when its idempotency key was seen. */
export function registerEventRoutes(app: FastifyInstance, context: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post('/api/events', { schema: { body: publishSchema } }, async (request, reply) => {
    const { type, data, idempotencyKey } = request.body;
    const event = await publishEvent(context.database, context.queue.boss, {
      type,
      data,
      source: 'api',
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    });
    return reply.status(event.duplicate ? 200 : 201).send(eventView(event));
  });

  api.get('/api/events/:id', { schema: { params: z.object({ id: z.string() }) } }, async (request) =>
    eventView({ ...(await getEvent(context.database, request.params.id)), duplicate: false }),
  );
}

function eventView(event: PublishedEventRecord) {
  return {
    id: event.id,
    type: event.type,
    data: event.data,
    idempotencyKey: event.idempotencyKey,
    createdAt: event.createdAt.toISOString(),
    deliveries: event.deliveries,
    duplicate: event.duplicate,
  };
}
