import { jsonSchema } from '@weft/engine';
import { z } from 'zod';
import { defineNode, expressionField } from '../sdk/index.ts';

export const emitParams = z.strictObject({
  type: expressionField(
    z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,199}$/, 'an event type is letters, digits and . _ : -'),
    'The event type, e.g. order.created; subscriptions match it by pattern.',
  ),
  data: expressionField(jsonSchema.default(null), 'The event data subscribers receive; strings starting with = are JSONata.'),
  idempotencyKey: expressionField(
    z.string().min(1).max(200).optional(),
    'Publishing the same key twice creates nothing new. Defaults to one stable per execution and step, so a resumed flow does not publish twice.',
  ),
});

export const emitNode = defineNode({
  type: 'core.emit',
  typeVersion: 1,
  displayName: 'Emit event',
  description:
    'Publishes a named event to every outbound webhook subscription whose pattern matches it; each receives a signed delivery with retries. Outputs { eventId, type, deliveries, duplicate }.',
  category: 'Actions',
  icon: 'send',
  params: emitParams,
  sample: { eventId: '6f1c1b9e-1f7e-4c53-9a3c-2f1d1c0b9a11', type: 'order.created', deliveries: 2, duplicate: false },
  sideEffects: true,
  run: async ({ params, events, idempotencyKey }) => {
    const key = params.idempotencyKey ?? idempotencyKey;
    const published = await events.publish({ type: params.type, data: params.data, idempotencyKey: key });
    return { output: { eventId: published.id, type: published.type, deliveries: published.deliveries, duplicate: published.duplicate } };
  },
});
