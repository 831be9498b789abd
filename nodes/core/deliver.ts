import { type NodeCredential, NodeRunError, type QueuedDelivery } from '@weft/engine';
import { z } from 'zod';
import { defineNode } from '../sdk/index.ts';
import { deliverParams, signingSecretSchema } from './deliver-params.ts';

// Beyond the schedule itself, a delivery may wait on an open circuit or a receiver's Retry-After.
const MARGIN_SECONDS = 60 * 60;

const outcomeSchema = z.object({
  deliveryId: z.string(),
  status: z.enum(['delivered', 'failed']),
  attempts: z.number(),
  lastStatusCode: z.number().nullable(),
  lastError: z.string().nullable(),
});

const stateSchema = z.object({ deliveryId: z.string() });

export const deliverNode = defineNode({
  type: 'core.deliver',
  typeVersion: 1,
  displayName: 'Deliver webhook',
  description:
    'Sends one signed webhook (Standard Webhooks, plus X-Webhook-Signature-256) to a URL, with retries on a schedule, every attempt logged, and redelivery from GET /api/deliveries/:id. ' +
    'Waits for the outcome without holding a worker and goes on through "delivered" or "failed" with { deliveryId, status, attempts, statusCode, error }; ' +
    'without waiting it goes on through "queued" with { deliveryId, status: "pending" }.',
  category: 'Actions',
  icon: 'send',
  params: deliverParams,
  outputs: ['delivered', 'failed', 'queued'],
  credentials: { signingSecret: 'core.hmacSecret' },
  sample: { deliveryId: '6f1c1b9e-1f7e-4c53-9a3c-2f1d1c0b9a11', status: 'delivered', attempts: 1, statusCode: 200, error: null },
  sideEffects: true,
  run: async ({ params, input, credentials, deliveries, execution, nodeId, idempotencyKey, clock, resumed, log }) => {
    if (resumed !== undefined) return outcomeOutput(resumed.state, resumed.signal);
    const queued = await deliveries.send({
      url: params.url,
      eventType: params.eventType,
      data: params.data ?? input,
      headers: params.headers,
      secret: signingSecret(credentials.signingSecret),
      ...(params.retrySchedule === undefined ? {} : { retrySchedule: params.retrySchedule }),
      ...(params.timeoutMs === undefined ? {} : { timeoutMs: params.timeoutMs }),
      origin: { executionId: execution.id, nodeId },
      // Not per attempt: the delivery retries by itself, so a step that runs again (resumed, or
      // retried after waiting too long) must find this delivery rather than send a second message
      // under another webhook-id, which receivers could not recognise as the same.
      idempotencyKey,
    });
    log.info(`queued delivery ${queued.deliveryId} of ${params.eventType} to ${params.url}`);
    if (!params.waitForOutcome) return { output: { deliveryId: queued.deliveryId, status: 'pending' }, ports: ['queued'] };
    return { wait: { signal: queued.signal, until: outcomeDeadline(clock.now(), queued), state: { deliveryId: queued.deliveryId } } };
  },
});

function signingSecret(credential: NodeCredential | undefined): string {
  const secret = credential?.values.secret;
  if (typeof secret !== 'string' || !signingSecretSchema.safeParse(secret).success) {
    throw new NodeRunError(
      'invalid_signing_secret',
      'the signing secret must be a Standard Webhooks secret: whsec_ followed by base64 (e.g. of 32 random bytes), which the receiver verifies with',
    );
  }
  return secret;
}

/** Twice the longest the schedule can take (every attempt timing out), plus a margin: generous, yet bounded. */
function outcomeDeadline(now: Date, queued: QueuedDelivery): Date {
  const retriesSeconds = queued.retrySchedule.reduce((sum, seconds) => sum + seconds, 0);
  const attemptsSeconds = ((queued.retrySchedule.length + 1) * queued.timeoutMs) / 1000;
  return new Date(now.getTime() + (2 * (retriesSeconds + attemptsSeconds) + MARGIN_SECONDS) * 1000);
}

/** A failed delivery is an outcome the flow branches on, not a failed step; only no outcome at all fails it. */
function outcomeOutput(state: unknown, signal: unknown) {
  const { deliveryId } = stateSchema.parse(state);
  if (signal === undefined) {
    throw new NodeRunError('delivery_timeout', `delivery ${deliveryId} has not settled in time; it goes on retrying, see GET /api/deliveries/${deliveryId}`, {
      details: { deliveryId },
      // Waiting again for the same delivery can still see its outcome.
      retryable: true,
    });
  }
  const outcome = outcomeSchema.parse(signal);
  const output = { deliveryId, status: outcome.status, attempts: outcome.attempts, statusCode: outcome.lastStatusCode, error: outcome.lastError };
  return { output, ports: [outcome.status] };
}
