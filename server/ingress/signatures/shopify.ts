import { decodeSignature, hmac, sameBytes } from './signature-bytes.ts';
import type { VerifyInput, VerifyResult } from './signature-types.ts';

/** Shopify: `X-Shopify-Hmac-Sha256`, base64 HMAC-SHA256 of the body with the app's secret. No timestamp. */
export function verifyShopify(input: VerifyInput): VerifyResult {
  const header = input.headers['x-shopify-hmac-sha256'];
  if (header === undefined || header === '') return { ok: false, reason: 'missing_signature' };
  const given = decodeSignature(header, 'base64');
  if (given === undefined) return { ok: false, reason: 'malformed_signature' };
  if (!sameBytes(hmac('sha256', input.secret, input.rawBody), given)) return { ok: false, reason: 'signature_mismatch' };
  const delivery = input.headers['x-shopify-webhook-id'];
  return delivery === undefined || delivery === '' ? { ok: true } : { ok: true, deliveryId: delivery };
}
