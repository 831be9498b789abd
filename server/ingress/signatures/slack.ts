import { checkTimestamp, decodeSignature, hmac, sameBytes } from './signature-bytes.ts';
import type { VerifyInput, VerifyResult } from './signature-types.ts';

/**
 * Slack: `X-Slack-Signature: v0=<hex>`, HMAC-SHA256 of `v0:<X-Slack-Request-Timestamp>:<body>` with
 * the app's signing secret. Slack sends no delivery id, so its retries are not deduplicated by it.
 */
export function verifySlack(input: VerifyInput): VerifyResult {
  const header = input.headers['x-slack-signature'];
  if (header === undefined || header === '') return { ok: false, reason: 'missing_signature' };
  const timestamp = input.headers['x-slack-request-timestamp'];
  const stale = checkTimestamp(timestamp, input.now, input.toleranceSeconds);
  if (stale !== undefined) return { ok: false, reason: stale };
  const given = header.startsWith('v0=') ? decodeSignature(header.slice('v0='.length), 'hex') : undefined;
  if (given === undefined) return { ok: false, reason: 'malformed_signature' };
  const expected = hmac('sha256', input.secret, `v0:${timestamp}:${input.rawBody}`);
  return sameBytes(expected, given) ? { ok: true } : { ok: false, reason: 'signature_mismatch' };
}
