import { type DeliveryPort, ValidationError } from '@weft/engine';
import type { PgBoss } from 'pg-boss';
import { createAddressPolicy } from '../adapters/address-policy.ts';
import type { Keyring } from '../credentials/keyring.ts';
import type { Database } from '../storage/database.ts';
import { checkSubscriptionUrl } from './address-policy.ts';
import { DEFAULT_RETRY_SCHEDULE, type DeliveryConfig } from './delivery-config.ts';
import { deliverySettledSignal } from './delivery-outcome.ts';
import { createDirectDelivery } from './direct-deliveries-repo.ts';
import { eventTypeSchema } from './event-types.ts';
import { createSubscriptionSchema } from './subscription-input.ts';

// The same limits as a subscription's: a direct delivery is one with its settings on the delivery.
const requestSchema = createSubscriptionSchema.pick({ url: true, headers: true, retrySchedule: true, timeoutMs: true }).extend({ eventType: eventTypeSchema });

export interface DeliveryPortOptions {
  database: Database;
  boss: PgBoss;
  config: DeliveryConfig;
  /** Seals each delivery's signing secret (the credentials keyring). */
  keyring: () => Promise<Keyring>;
}

/** The engine's delivery port (`core.deliver`), backed by the outbound webhook queue and worker. */
export function createDeliveryPort(options: DeliveryPortOptions): DeliveryPort {
  const policy = createAddressPolicy(options.config.allowPrivate);
  return {
    async send(request) {
      const { url, eventType, headers, retrySchedule, timeoutMs } = request;
      const checked = requestSchema.safeParse({ url, eventType, headers, retrySchedule: retrySchedule === undefined ? undefined : [...retrySchedule], timeoutMs });
      if (!checked.success) {
        const reasons = checked.error.issues.map((issue) => `${issue.path.map(String).join('.') || 'request'}: ${issue.message}`);
        throw new ValidationError('invalid_delivery', `the delivery is invalid: ${reasons.join('; ')}`, { details: { issues: reasons } });
      }
      await checkSubscriptionUrl(request.url, policy, 'the delivery URL');
      const created = await createDirectDelivery(options.database, options.boss, await options.keyring(), {
        url: request.url,
        eventType: request.eventType,
        data: request.data,
        headers: request.headers,
        secret: request.secret,
        retrySchedule: request.retrySchedule ?? null,
        timeoutMs: request.timeoutMs ?? null,
        origin: request.origin,
        idempotencyKey: request.idempotencyKey,
      });
      return {
        deliveryId: created.id,
        signal: deliverySettledSignal(created.id),
        retrySchedule: created.retrySchedule ?? DEFAULT_RETRY_SCHEDULE,
        timeoutMs: created.timeoutMs ?? options.config.defaultTimeoutMs,
      };
    },
  };
}
