import { anyMatches, checkTimestamp, decodeSignature, hmac } from './signature-bytes.ts';
import type { VerifyInput, VerifyResult } from './signature-types.ts';

/**
 * Standard Webhooks (standardwebhooks.com, used by Svix, Resend, Clerk and others): HMAC-SHA256 over
 * `<webhook-id>.<webhook-timestamp>.<body>` with a base64 secret (`whsec_` prefixed); the signature
 * header lists `v1,<base64>` entries separated by spaces, several during a secret rotation.
 */
export function verifyStandardWebhooks(input: VerifyInput): VerifyResult {
  const id = input.headers['webhook-id'];
  const header = input.headers['webhook-signature'];
  if (id === undefined || id === '' || header === undefined || header === '') return { ok: false, reason: 'missing_signature' };
  const timestamp = input.headers['webhook-timestamp'];
  const stale = checkTimestamp(timestamp, input.now, input.toleranceSeconds);
  if (stale !== undefined) return { ok: false, reason: stale };
  const key = decodeSignature(input.secret.replace(/^whsec_/, ''), 'base64');
  if (key === undefined) return { ok: false, reason: 'invalid_secret' };
  const candidates = header
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => decodeSignature(entry.slice('v1,'.length), 'base64'))
    .filter((decoded) => decoded !== undefined);
  if (candidates.length === 0) return { ok: false, reason: 'malformed_signature' };
  const expected = hmac('sha256', key, `${id}.${timestamp}.${input.rawBody}`);
  return anyMatches(expected, candidates) ? { ok: true, deliveryId: id } : { ok: false, reason: 'signature_mismatch' };
}
