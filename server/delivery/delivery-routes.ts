import { ConflictError } from '@weft/engine';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { inTransaction } from '../storage/database.ts';
import { type DeliveryRecord, deliveryStats, deliveryStatuses, getDelivery, listDeliveries, restartDeliveries } from './deliveries-repo.ts';
import { enqueueDeliveries } from './delivery-queue.ts';
import { reopenDirectEndpoint } from './direct-deliveries-repo.ts';
import { getSubscription } from './subscriptions-repo.ts';

const idParams = z.object({ id: z.string() });

const listQuerySchema = z.object({
  status: z.enum(deliveryStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).optional(),
});

/** Delivery logs with every attempt, counts per status, and manual redelivery. */
export function registerDeliveryRoutes(app: FastifyInstance, context: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { database } = context;

  api.get('/api/subscriptions/:id/deliveries', { schema: { params: idParams, querystring: listQuerySchema } }, async (request) => {
    const subscription = await getSubscription(database, request.params.id);
    const { status, limit, cursor } = request.query;
    const page = await listDeliveries(database, {
      subscriptionId: subscription.id,
      limit,
      ...(status === undefined ? {} : { status }),
      ...(cursor === undefined ? {} : { cursor }),
    });
    return { items: page.items.map(deliveryView), nextCursor: page.nextCursor };
  });

  api.get('/api/subscriptions/:id/stats', { schema: { params: idParams } }, async (request) => {
    const subscription = await getSubscription(database, request.params.id);
    return deliveryStats(database, subscription.id);
  });

  api.get('/api/deliveries/:id', { schema: { params: idParams } }, async (request) => deliveryView(await getDelivery(database, request.params.id)));

  api.post('/api/deliveries/:id/redeliver', { schema: { params: idParams } }, async (request, reply) => {
    const delivery = await getDelivery(database, request.params.id);
    if (delivery.direct === null) await requireEnabled(context, delivery.subscriptionId);
    await restart(context, { deliveryId: delivery.id }, delivery.direct === null ? undefined : delivery.subscriptionId);
    return reply.status(202).send(deliveryView(await getDelivery(database, delivery.id)));
  });

  api.post(
    '/api/subscriptions/:id/redeliver-failed',
    { schema: { params: idParams, body: z.strictObject({ since: z.iso.datetime({ offset: true }) }) } },
    async (request, reply) => {
      const subscription = await requireEnabled(context, request.params.id);
      const restarted = await restart(context, { subscriptionId: subscription.id, failedSince: new Date(request.body.since) });
      return reply.status(202).send({ redelivered: restarted.length, deliveryIds: restarted.map((entry) => entry.deliveryId) });
    },
  );
}

async function requireEnabled(context: AppContext, subscriptionId: string) {
  const subscription = await getSubscription(context.database, subscriptionId);
  if (!subscription.enabled) {
    throw new ConflictError('subscription_disabled', 'the subscription is disabled; enable it (PUT { "enabled": true }) before redelivering');
  }
  return subscription;
}

/** Restarts deliveries and queues their jobs in one transaction, enabling a direct delivery's endpoint again first. */
function restart(context: AppContext, where: Parameters<typeof restartDeliveries>[1], directEndpointId?: string) {
  return inTransaction(context.database, async (client) => {
    if (directEndpointId !== undefined) await reopenDirectEndpoint(client, directEndpointId);
    const restarted = await restartDeliveries(client, where);
    await enqueueDeliveries(context.queue.boss, client, restarted);
    return restarted;
  });
}

function deliveryView(delivery: DeliveryRecord) {
  return {
    id: delivery.id,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    // A direct delivery's endpoint row is internal: such a delivery belongs to no subscription.
    subscriptionId: delivery.direct === null ? delivery.subscriptionId : null,
    direct: delivery.direct,
    messageId: delivery.messageId,
    status: delivery.status,
    attemptCount: delivery.attemptCount,
    nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    createdAt: delivery.createdAt.toISOString(),
    finishedAt: delivery.finishedAt?.toISOString() ?? null,
    attempts: delivery.attempts,
  };
}
