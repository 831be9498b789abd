import { jsonSchema } from '@weft/engine';
import { z } from 'zod';
import { expressionField } from '../sdk/index.ts';

const WEEK_SECONDS = 7 * 24 * 60 * 60;

// Headers Weft sets on every delivery: neither a step nor a subscription may replace the signature or the framing.
const reservedHeader = /^(content-type|content-length|host|transfer-encoding|connection|user-agent|webhook-.*|x-webhook-.*)$/i;

/** Extra headers of a signed delivery, from a `core.deliver` step or a subscription. */
export const deliveryHeadersSchema = z
  .record(
    z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'is not a valid header name'),
    z.string().max(4_096).regex(/^[^\r\n\0]*$/, 'may not contain line breaks'),
  )
  .refine((headers) => Object.keys(headers).length <= 20, 'at most 20 custom headers')
  .refine(
    (headers) => Object.keys(headers).every((name) => !reservedHeader.test(name)),
    'may not set a header Weft sets itself (content-type, webhook-*, x-webhook-*, …)',
  );

export const deliverParams = z.strictObject({
  url: expressionField(z.url({ protocol: /^https?$/ }), 'The http(s) URL that receives the signed POST.').meta({ title: 'URL' }),
  eventType: expressionField(
    z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,199}$/, 'an event type is letters, digits and . _ : -'),
    'Sent as X-Webhook-Event and as the payload\'s "type", e.g. order.paid.',
  ).meta({ title: 'Event type' }),
  data: expressionField(jsonSchema.optional(), 'The payload\'s "data"; this step\'s input when empty. Strings starting with = are JSONata.').meta({
    title: 'Data',
  }),
  headers: deliveryHeadersSchema.default({}).meta({ title: 'Headers', description: 'Extra request headers, e.g. a tenant id the receiver routes on.' }),
  retrySchedule: z
    .array(z.int().min(1).max(WEEK_SECONDS))
    .max(20)
    .optional()
    .meta({
      title: 'Retry schedule (seconds)',
      description:
        'Seconds to wait before each retry after the first attempt, e.g. [5, 300, 1800]; [] tries once. Empty: the server\'s schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h).',
    }),
  timeoutMs: z
    .int()
    .min(100)
    .max(60_000)
    .optional()
    .meta({ title: 'Attempt time-out (ms)', description: 'How long one attempt may take before it counts as failed; the server\'s default (10 s) when empty.' }),
  waitForOutcome: z.boolean().default(true).meta({
    title: 'Wait for the outcome',
    description:
      'On: this step ends when the delivery is delivered (output "delivered") or has failed its last retry (output "failed"); the wait holds no worker. Off: go on at once through "queued".',
  }),
});

export type DeliverParams = z.infer<typeof deliverParams>;

/** A Standard Webhooks signing secret: `whsec_` and the base64 of at least 16 bytes. */
export const signingSecretSchema = z.string().regex(/^whsec_[A-Za-z0-9+/]{22,}={0,2}$/);
