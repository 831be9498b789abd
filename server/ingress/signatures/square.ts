import { decodeSignature, hmac, sameBytes } from './signature-bytes.ts';
import { stringFieldOf } from './json-field.ts';
import type { VerifyInput, VerifyResult } from './signature-types.ts';

/**
 * Square: `x-square-hmacsha256-signature`, base64 HMAC-SHA256 of the notification URL followed by
 * the body, keyed with the subscription's signature key. No timestamp; the body's `event_id` is
 * the delivery id.
 */
export function verifySquare(input: VerifyInput): VerifyResult {
  const header = input.headers['x-square-hmacsha256-signature'];
  if (header === undefined || header === '') return { ok: false, reason: 'missing_signature' };
  const given = decodeSignature(header, 'base64');
  if (given === undefined) return { ok: false, reason: 'malformed_signature' };
  if (!sameBytes(hmac('sha256', input.secret, input.url + input.rawBody), given)) return { ok: false, reason: 'signature_mismatch' };
  const eventId = stringFieldOf(input.rawBody, 'event_id');
  return eventId === undefined ? { ok: true } : { ok: true, deliveryId: eventId };
}
