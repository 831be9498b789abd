import { createHmac, timingSafeEqual } from 'node:crypto';
import type { VerifyFailureReason } from './signature-types.ts';

export type HmacAlgorithm = 'sha1' | 'sha256' | 'sha512';
export type SignatureEncoding = 'hex' | 'base64';

export function hmac(algorithm: HmacAlgorithm, key: string | Buffer, data: string): Buffer {
  return createHmac(algorithm, key).update(data, 'utf8').digest();
}

/**
 * Constant-time equality. Lengths are compared first because timingSafeEqual throws on unequal
 * lengths; that early answer leaks nothing, as the length of a digest is fixed by its algorithm.
 */
export function sameBytes(expected: Buffer, given: Buffer): boolean {
  return expected.length === given.length && timingSafeEqual(expected, given);
}

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes a signature strictly. Buffer.from silently skips characters it does not understand,
 * which would let two different texts decode to the same bytes; malformed text is refused instead.
 */
export function decodeSignature(text: string, encoding: SignatureEncoding): Buffer | undefined {
  const pattern = encoding === 'hex' ? HEX : BASE64;
  if (text === '' || !pattern.test(text)) return undefined;
  return Buffer.from(text, encoding);
}

/** Checks a signed Unix timestamp (seconds) against the replay window, in both directions. */
export function checkTimestamp(text: string | undefined, now: Date, toleranceSeconds: number): VerifyFailureReason | undefined {
  if (text === undefined || text === '') return 'missing_timestamp';
  if (!/^\d{1,12}$/.test(text)) return 'malformed_signature';
  const skewSeconds = Math.abs(now.getTime() / 1000 - Number(text));
  return skewSeconds > toleranceSeconds ? 'stale_timestamp' : undefined;
}

/** True when any of the given signatures matches: providers send several while rotating secrets. */
export function anyMatches(expected: Buffer, candidates: readonly Buffer[]): boolean {
  // Every candidate is compared, so the time taken does not tell which one matched.
  return candidates.reduce((matched, candidate) => sameBytes(expected, candidate) || matched, false);
}
