import { decodeSignature, type HmacAlgorithm, hmac, sameBytes, type SignatureEncoding } from './signature-bytes.ts';
import type { Verifier } from './signature-types.ts';

export interface HmacOptions {
  algorithm: HmacAlgorithm;
  /** The header carrying the signature, any case. */
  header: string;
  encoding: SignatureEncoding;
  /** Text before the digest, e.g. `sha256=`. */
  prefix?: string;
}

/** Plain HMAC of the body in a header of the sender's choosing, for providers without a scheme of their own. */
export function hmacVerifier(options: HmacOptions): Verifier {
  const headerName = options.header.toLowerCase();
  const prefix = options.prefix ?? '';
  return (input) => {
    const header = input.headers[headerName];
    if (header === undefined || header === '') return { ok: false, reason: 'missing_signature' };
    const given = header.startsWith(prefix) ? decodeSignature(header.slice(prefix.length), options.encoding) : undefined;
    if (given === undefined) return { ok: false, reason: 'malformed_signature' };
    return sameBytes(hmac(options.algorithm, input.secret, input.rawBody), given) ? { ok: true } : { ok: false, reason: 'signature_mismatch' };
  };
}
