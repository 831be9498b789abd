import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { createAddressPolicy } from '../adapters/address-policy.ts';
import { checkSubscriptionUrl } from './address-policy.ts';
import { generateSecret } from './signing.ts';
import { createSubscriptionSchema, updateSubscriptionSchema } from './subscription-input.ts';
import { subscriptionView } from './subscription-view.ts';
import {
  deleteSubscription,
  getSubscription,
  insertSubscription,
  listSubscriptions,
  rotateSecret,
  type SubscriptionRecord,
  type SubscriptionSettings,
  updateSubscription,
} from './subscriptions-repo.ts';

const idParams = z.object({ id: z.string() });

/** Create, read, change, delete subscriptions, and rotate their signing secret. */
export function registerSubscriptionRoutes(app: FastifyInstance, context: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { database } = context;
  const policy = createAddressPolicy(context.config.delivery.allowPrivate);

  api.post('/api/subscriptions', { schema: { body: createSubscriptionSchema } }, async (request, reply) => {
    const body = request.body;
    await checkSubscriptionUrl(body.url, policy);
    const secret = generateSecret();
    const subscription = await insertSubscription(
      database,
      await context.credentials.keyring(),
      {
        url: body.url,
        eventTypes: body.eventTypes,
        description: body.description ?? '',
        enabled: body.enabled ?? true,
        headers: body.headers ?? {},
        retrySchedule: body.retrySchedule ?? null,
        timeoutMs: body.timeoutMs ?? null,
        disableAfterSeconds: body.disableAfterSeconds ?? null,
      },
      secret,
    );
    return reply.status(201).send({ ...subscriptionView(subscription), secret });
  });

  api.get('/api/subscriptions', async () => ({ items: (await listSubscriptions(database)).map(subscriptionView) }));

  api.get('/api/subscriptions/:id', { schema: { params: idParams } }, async (request) =>
    subscriptionView(await getSubscription(database, request.params.id)),
  );

  api.put('/api/subscriptions/:id', { schema: { params: idParams, body: updateSubscriptionSchema } }, async (request) => {
    const current = await getSubscription(database, request.params.id);
    const settings = mergeSettings(current, request.body);
    if (settings.url !== current.url) await checkSubscriptionUrl(settings.url, policy);
    return subscriptionView(await updateSubscription(database, current.id, settings));
  });

  api.delete('/api/subscriptions/:id', { schema: { params: idParams } }, async (request, reply) => {
    await deleteSubscription(database, request.params.id);
    return reply.status(204).send();
  });

  api.post(
    '/api/subscriptions/:id/rotate-secret',
    { schema: { params: idParams, body: z.strictObject({ windowSeconds: z.int().min(0).max(30 * 24 * 60 * 60).optional() }).optional() } },
    async (request) => {
      const windowSeconds = request.body?.windowSeconds ?? context.config.delivery.rotationWindowSeconds;
      const secret = generateSecret();
      const subscription = await rotateSecret(database, await context.credentials.keyring(), {
        id: request.params.id,
        secret,
        previousExpiresAt: new Date(Date.now() + windowSeconds * 1000),
      });
      return { ...subscriptionView(subscription), secret };
    },
  );
}

/** The stored settings with the given fields replaced; an explicit null resets a field to the default. */
function mergeSettings(current: SubscriptionRecord, changes: z.infer<typeof updateSubscriptionSchema>): SubscriptionSettings {
  const pick = <Value>(given: Value | undefined, stored: Value): Value => (given === undefined ? stored : given);
  return {
    url: pick(changes.url, current.url),
    eventTypes: pick(changes.eventTypes, current.eventTypes),
    description: pick(changes.description, current.description),
    enabled: pick(changes.enabled, current.enabled),
    headers: pick(changes.headers, current.headers),
    retrySchedule: pick(changes.retrySchedule, current.retrySchedule),
    timeoutMs: pick(changes.timeoutMs, current.timeoutMs),
    disableAfterSeconds: pick(changes.disableAfterSeconds, current.disableAfterSeconds),
  };
}
