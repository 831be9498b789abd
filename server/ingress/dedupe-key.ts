import type { DedupeClaim } from '../storage/dedupe-repo.ts';

// Delivery ids providers send as headers, for triggers whose signature scheme names none itself.
const DELIVERY_HEADERS = ['webhook-id', 'x-github-delivery', 'x-shopify-webhook-id', 'i-twilio-idempotency-token'] as const;

const MAX_KEY_LENGTH = 512;

/**
 * What makes a repeat of this delivery recognisable: the id the verified signature scheme names
 * (Stripe's event id lives in the body), else the caller's Idempotency-Key, else a provider's
 * delivery header. Undefined when there is none or deduplication is off. The source is part of the
 * key, so ids from different sources never collide.
 */
export function dedupeClaimOf(input: {
  headers: Readonly<Record<string, string>>;
  verifiedDeliveryId: string | undefined;
  windowSeconds: number;
}): DedupeClaim | undefined {
  if (input.windowSeconds === 0) return undefined;
  const key = keyOf(input.headers, input.verifiedDeliveryId);
  return key === undefined ? undefined : { key: key.slice(0, MAX_KEY_LENGTH), windowSeconds: input.windowSeconds };
}

function keyOf(headers: Readonly<Record<string, string>>, verifiedDeliveryId: string | undefined): string | undefined {
  if (verifiedDeliveryId !== undefined) return `delivery:${verifiedDeliveryId}`;
  const idempotencyKey = headers['idempotency-key'];
  if (idempotencyKey !== undefined && idempotencyKey !== '') return `idempotency-key:${idempotencyKey}`;
  const header = DELIVERY_HEADERS.find((name) => (headers[name] ?? '') !== '');
  return header === undefined ? undefined : `${header}:${headers[header]}`;
}
