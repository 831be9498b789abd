import { createHash } from 'node:crypto';
import { decodeSignature, hmac, sameBytes } from './signature-bytes.ts';
import type { VerifyInput, VerifyResult } from './signature-types.ts';

/**
 * Twilio: `X-Twilio-Signature`, base64 HMAC-SHA1 (auth token as key) over the full URL followed, for
 * form posts, by every field name and value in name order. For JSON bodies Twilio signs the URL
 * alone, which carries a `bodySHA256` query parameter: the hex SHA-256 of the body, checked here too.
 */
export function verifyTwilio(input: VerifyInput): VerifyResult {
  const header = input.headers['x-twilio-signature'];
  if (header === undefined || header === '') return { ok: false, reason: 'missing_signature' };
  const given = decodeSignature(header, 'base64');
  if (given === undefined) return { ok: false, reason: 'malformed_signature' };
  const bodyHash = bodyHashParam(input.url);
  const fields = bodyHash === undefined && isForm(input.headers['content-type']) ? sortedFields(input.rawBody) : '';
  const expected = urlVariants(input.url).map((url) => hmac('sha1', input.secret, url + fields));
  // Every variant is compared, so the time taken does not tell which one matched.
  if (!expected.reduce((matched, candidate) => sameBytes(candidate, given) || matched, false)) return { ok: false, reason: 'signature_mismatch' };
  if (bodyHash !== undefined) {
    const actual = createHash('sha256').update(input.rawBody, 'utf8').digest();
    const claimed = decodeSignature(bodyHash, 'hex');
    if (claimed === undefined || !sameBytes(actual, claimed)) return { ok: false, reason: 'body_hash_mismatch' };
  }
  const token = input.headers['i-twilio-idempotency-token'];
  return token === undefined || token === '' ? { ok: true } : { ok: true, deliveryId: token };
}

function isForm(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

function bodyHashParam(url: string): string | undefined {
  const query = url.indexOf('?');
  if (query === -1) return undefined;
  return new URLSearchParams(url.slice(query + 1)).get('bodySHA256') ?? undefined;
}

// Names in code-unit order; a name sent more than once contributes each distinct value, sorted.
function sortedFields(rawBody: string): string {
  const byName = new Map<string, Set<string>>();
  for (const [name, value] of new URLSearchParams(rawBody)) byName.set(name, (byName.get(name) ?? new Set()).add(value));
  return [...byName.keys()]
    .sort()
    .map((name) => [...(byName.get(name) ?? [])].sort().map((value) => name + value).join(''))
    .join('');
}

// Twilio may have signed the URL with or without the scheme's default port, whichever was configured.
function urlVariants(url: string): string[] {
  const match = /^(https?:\/\/)([^/?#]*)(.*)$/i.exec(url);
  if (match === null) return [url];
  const [, scheme = '', authority = '', rest = ''] = match;
  const hostEnd = authority.lastIndexOf(':') > authority.lastIndexOf(']') ? authority.lastIndexOf(':') : -1;
  const host = hostEnd === -1 ? authority : authority.slice(0, hostEnd);
  const defaultPort = scheme.toLowerCase() === 'https://' ? ':443' : ':80';
  return [...new Set([url, scheme + host + rest, hostEnd === -1 ? scheme + host + defaultPort + rest : url])];
}
