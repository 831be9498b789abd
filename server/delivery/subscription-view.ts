import type { SubscriptionRecord } from './subscriptions-repo.ts';

/** A subscription as the API shows it: never its secrets (they are shown once, when made). */
export function subscriptionView(subscription: SubscriptionRecord) {
  return {
    id: subscription.id,
    url: subscription.url,
    eventTypes: subscription.eventTypes,
    description: subscription.description,
    enabled: subscription.enabled,
    disabledReason: subscription.disabledReason,
    disabledAt: subscription.disabledAt?.toISOString() ?? null,
    headers: subscription.headers,
    retrySchedule: subscription.retrySchedule,
    timeoutMs: subscription.timeoutMs,
    disableAfterSeconds: subscription.disableAfterSeconds,
    previousSecretExpiresAt: subscription.previousSecretExpiresAt?.toISOString() ?? null,
    health: {
      consecutiveFailures: subscription.consecutiveFailures,
      failingSince: subscription.failingSince?.toISOString() ?? null,
      circuitOpenUntil: subscription.circuitOpenUntil?.toISOString() ?? null,
    },
    createdAt: subscription.createdAt.toISOString(),
    updatedAt: subscription.updatedAt.toISOString(),
  };
}
