import { anyMatches, checkTimestamp, decodeSignature, hmac } from './signature-bytes.ts';
import { stringFieldOf } from './json-field.ts';
import type { VerifyInput, VerifyResult } from './signature-types.ts';

/**
 * Stripe: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]`, HMAC-SHA256 over `<t>.<body>` keyed with
 * the whole `whsec_…` text. Several v1 entries arrive while a secret is being rolled.
 */
export function verifyStripe(input: VerifyInput): VerifyResult {
  const header = input.headers['stripe-signature'];
  if (header === undefined || header === '') return { ok: false, reason: 'missing_signature' };
  const pairs = header.split(',').map((part) => {
    const at = part.indexOf('=');
    return at === -1 ? { key: part.trim(), value: '' } : { key: part.slice(0, at).trim(), value: part.slice(at + 1).trim() };
  });
  const candidates = pairs
    .filter((pair) => pair.key === 'v1')
    .map((pair) => decodeSignature(pair.value, 'hex'))
    .filter((decoded) => decoded !== undefined);
  if (candidates.length === 0) return { ok: false, reason: 'malformed_signature' };
  const timestamp = pairs.find((pair) => pair.key === 't')?.value;
  const stale = checkTimestamp(timestamp, input.now, input.toleranceSeconds);
  if (stale !== undefined) return { ok: false, reason: stale };
  const expected = hmac('sha256', input.secret, `${timestamp}.${input.rawBody}`);
  if (!anyMatches(expected, candidates)) return { ok: false, reason: 'signature_mismatch' };
  // Stripe sends no delivery header; a redelivered event keeps its `evt_…` id, which is what dedupes it.
  const eventId = stringFieldOf(input.rawBody, 'id');
  return eventId === undefined ? { ok: true } : { ok: true, deliveryId: eventId };
}
