import { deliveryHeadersSchema } from '@weft/nodes';
import { z } from 'zod';
import { eventPatternSchema } from './event-types.ts';

const settingsShape = {
  url: z.string().min(1).max(2_048),
  eventTypes: z.array(eventPatternSchema).min(1).max(100),
  description: z.string().max(1_000),
  enabled: z.boolean(),
  headers: deliveryHeadersSchema,
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
