import { decodeSignature, hmac, sameBytes } from './signature-bytes.ts';
import type { VerifyInput, VerifyResult } from './signature-types.ts';

/** GitHub: `X-Hub-Signature-256: sha256=<hex>`, HMAC-SHA256 of the body. It signs no timestamp. */
export function verifyGithub(input: VerifyInput): VerifyResult {
  const header = input.headers['x-hub-signature-256'];
  if (header === undefined || header === '') return { ok: false, reason: 'missing_signature' };
  const given = header.startsWith('sha256=') ? decodeSignature(header.slice('sha256='.length), 'hex') : undefined;
  if (given === undefined) return { ok: false, reason: 'malformed_signature' };
  if (!sameBytes(hmac('sha256', input.secret, input.rawBody), given)) return { ok: false, reason: 'signature_mismatch' };
  const delivery = input.headers['x-github-delivery'];
  return delivery === undefined || delivery === '' ? { ok: true } : { ok: true, deliveryId: delivery };
}
