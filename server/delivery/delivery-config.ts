import { z } from 'zod';
import { type AllowedPrivateAddresses, allowedPrivateAddressesSchema } from '../adapters/address-policy.ts';

/** The retry schedule after the first attempt, in seconds (Svix's: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h). */
export const DEFAULT_RETRY_SCHEDULE: readonly number[] = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000];

/** Environment variables for outbound webhooks; merged into the server's environment schema. */
export const deliveryEnvironmentShape = {
  WEFT_ALLOW_PRIVATE_DELIVERY_URLS: allowedPrivateAddressesSchema.default('none'),
  WEFT_DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(20),
  WEFT_DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  WEFT_DELIVERY_DISABLE_AFTER_SECONDS: z.coerce.number().int().min(1).default(5 * 24 * 60 * 60),
  WEFT_DELIVERY_CIRCUIT_THRESHOLD: z.coerce.number().int().min(1).default(10),
  WEFT_DELIVERY_CIRCUIT_COOLDOWN_SECONDS: z.coerce.number().min(0.1).default(60),
  WEFT_DELIVERY_ROTATION_WINDOW_SECONDS: z.coerce.number().int().min(0).default(24 * 60 * 60),
  WEFT_DELIVERY_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
};

export interface DeliveryConfig {
  allowPrivate: AllowedPrivateAddresses;
  /** Deliveries one process sends at once. */
  concurrency: number;
  defaultTimeoutMs: number;
  /** An endpoint failing without a success for this long is disabled. */
  disableAfterSeconds: number;
  /** Consecutive failures that open the circuit; deliveries then wait instead of being attempted. */
  circuitThreshold: number;
  /** How long an open circuit waits before one probe delivery is let through. */
  circuitCooldownSeconds: number;
  /** How long the previous secret keeps signing after a rotation. */
  rotationWindowSeconds: number;
  /** How often an idle worker looks for retries that came due. */
  pollSeconds: number;
}

type DeliveryEnvironment = { [Key in keyof typeof deliveryEnvironmentShape]: z.output<(typeof deliveryEnvironmentShape)[Key]> };

export function deliveryConfigOf(env: DeliveryEnvironment): DeliveryConfig {
  return {
    allowPrivate: env.WEFT_ALLOW_PRIVATE_DELIVERY_URLS,
    concurrency: env.WEFT_DELIVERY_CONCURRENCY,
    defaultTimeoutMs: env.WEFT_DELIVERY_TIMEOUT_MS,
    disableAfterSeconds: env.WEFT_DELIVERY_DISABLE_AFTER_SECONDS,
    circuitThreshold: env.WEFT_DELIVERY_CIRCUIT_THRESHOLD,
    circuitCooldownSeconds: env.WEFT_DELIVERY_CIRCUIT_COOLDOWN_SECONDS,
    rotationWindowSeconds: env.WEFT_DELIVERY_ROTATION_WINDOW_SECONDS,
    pollSeconds: env.WEFT_DELIVERY_POLL_SECONDS,
  };
}
