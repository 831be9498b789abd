import type { RetryPolicy } from '../flow/schema.ts';

/**
 * How long to wait before attempt `nextAttempt` (2 for the first retry). `random` is in [0, 1);
 * with jitter the wait lands between half and all of the nominal delay.
 */
export function retryDelayMs(policy: RetryPolicy, nextAttempt: number, random: number): number {
  const retriesSoFar = Math.max(0, nextAttempt - 2);
  const nominal = policy.backoff === 'fixed' ? policy.delayMs : policy.delayMs * 2 ** Math.min(retriesSoFar, 30);
  const capped = Math.min(nominal, policy.maxDelayMs);
  return Math.round(policy.jitter ? capped * (0.5 + random / 2) : capped);
}
