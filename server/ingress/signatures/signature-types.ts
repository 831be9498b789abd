/** What every signature scheme is checked against: the request exactly as it arrived. */
export interface VerifyInput {
  /** Header names lowercased; a header sent twice is joined with ", ". */
  headers: Readonly<Record<string, string>>;
  /** The exact body text received: signatures are computed over it, never over a re-serialisation. */
  rawBody: string;
  /** The full public URL the provider called, query string included (Twilio and Square sign it). */
  url: string;
  secret: string;
  now: Date;
  /** How far a signed timestamp may be from `now`, either way, before the request counts as a replay. */
  toleranceSeconds: number;
}

/** Why a request was refused; stable codes, shown in ingress stats and the 401's details. */
export const verifyFailureReasons = [
  'missing_signature',
  'malformed_signature',
  'missing_timestamp',
  'stale_timestamp',
  'signature_mismatch',
  'body_hash_mismatch',
  'invalid_secret',
] as const;

export type VerifyFailureReason = (typeof verifyFailureReasons)[number];

/** `deliveryId` is the provider's id for this delivery, when the scheme has one, for deduplication. */
export type VerifyResult = { ok: true; deliveryId?: string } | { ok: false; reason: VerifyFailureReason };

export type Verifier = (input: VerifyInput) => VerifyResult;
