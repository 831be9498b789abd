import { z } from 'zod';
import type { TestWeft } from '../testing/test-weft.ts';

// Test-side views of the API's answers, parsed rather than cast.
const attemptSchema = z.object({ attempt: z.number(), statusCode: z.number().nullable(), responseBody: z.string().nullable(), error: z.string().nullable(), outcome: z.string() });
export const deliverySchema = z.object({
  id: z.string(),
  messageId: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attemptCount: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  attempts: z.array(attemptSchema),
});
export const subscriptionSchema = z.object({
  id: z.string(),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  secret: z.string().optional(),
  health: z.object({ consecutiveFailures: z.number(), circuitOpenUntil: z.string().nullable() }),
});
export const eventSchema = z.object({ id: z.string(), duplicate: z.boolean(), deliveries: z.array(z.object({ id: z.string(), subscriptionId: z.string() })) });

export type SubscriptionView = z.infer<typeof subscriptionSchema>;
export type DeliveryView = z.infer<typeof deliverySchema>;

async function parsed<Schema extends z.ZodType>(schema: Schema, response: Promise<Response>): Promise<z.infer<Schema>> {
  const answer = await response;
  const body: unknown = await answer.json();
  if (!answer.ok) throw new Error(`${answer.status}: ${JSON.stringify(body)}`);
  return schema.parse(body);
}

export function deliveryApi(weft: Pick<TestWeft, 'api'>) {
  return {
    subscribe: (body: Record<string, unknown>) => parsed(subscriptionSchema, weft.api('/api/subscriptions', { body })),
    subscription: (id: string) => parsed(subscriptionSchema, weft.api(`/api/subscriptions/${id}`)),
    publish: (body: Record<string, unknown>) => parsed(eventSchema, weft.api('/api/events', { body })),
    delivery: (id: string) => parsed(deliverySchema, weft.api(`/api/deliveries/${id}`)),
    deliveries: (subscriptionId: string, query = '') =>
      parsed(z.object({ items: z.array(deliverySchema), nextCursor: z.string().nullable() }), weft.api(`/api/subscriptions/${subscriptionId}/deliveries${query}`)),
    stats: (subscriptionId: string) =>
      parsed(z.object({ pending: z.number(), delivered: z.number(), failed: z.number(), attempts: z.number() }), weft.api(`/api/subscriptions/${subscriptionId}/stats`)),
  };
}
