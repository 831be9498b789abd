import { z } from 'zod';
import { eventPatternSchema } from './event-types.ts';

// Headers Weft sets itself: a subscription may not replace the signature or framing.
const reservedHeader = /^(content-type|content-length|host|transfer-encoding|connection|user-agent|webhook-.*|x-webhook-.*)$/i;

const headersSchema = z
  .record(
    z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'is not a valid header name'),
    z.string().max(4_096).regex(/^[^\r\n\0]*$/, 'may not contain line breaks'),
  )
  .refine((headers) => Object.keys(headers).length <= 20, 'at most 20 custom headers')
  .refine(
    (headers) => Object.keys(headers).every((name) => !reservedHeader.test(name)),
    'may not set a header Weft sets itself (content-type, webhook-*, x-webhook-*, …)',
  );

const settingsShape = {
  url: z.string().min(1).max(2_048),
  eventTypes: z.array(eventPatternSchema).min(1).max(100),
  description: z.string().max(1_000),
  enabled: z.boolean(),
  headers: headersSchema,
  /** Seconds to wait before each retry after the first attempt; null uses the default schedule. */
  retrySchedule: z.array(z.int().min(1).max(7 * 24 * 60 * 60)).max(20).nullable(),
  timeoutMs: z.int().min(100).max(60_000).nullable(),
  disableAfterSeconds: z.int().min(1).nullable(),
};

/** POST /api/subscriptions: url and eventTypes are required, the rest has defaults. */
export const createSubscriptionSchema = z.strictObject({
  ...settingsShape,
  description: settingsShape.description.optional(),
  enabled: settingsShape.enabled.optional(),
  headers: settingsShape.headers.optional(),
  retrySchedule: settingsShape.retrySchedule.optional(),
  timeoutMs: settingsShape.timeoutMs.optional(),
  disableAfterSeconds: settingsShape.disableAfterSeconds.optional(),
});

/** PUT /api/subscriptions/:id: the fields given replace the stored ones. */
export const updateSubscriptionSchema = z.strictObject(settingsShape).partial();
