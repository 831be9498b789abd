import { createHmac, randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/** A new Standard Webhooks secret: `whsec_` and the base64 of 32 random bytes. */
export function generateSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** The HMAC key a `whsec_` secret stands for: the bytes its base64 part encodes. */
function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

export interface SignRequest {
  messageId: string;
  timestamp: Date;
  body: string;
  /** The current secret first; during a rotation window the previous one too. */
  secrets: readonly string[];
}

/**
 * The signature headers of one attempt. `webhook-signature` carries one `v1,` entry per secret
 * (space-separated, as Standard Webhooks specifies), so receivers on either side of a rotation
 * verify. The legacy `X-Webhook-Signature-256` is GitHub's form, keyed by the current secret's
 * full text as the subscriber saw it.
 */
export function signatureHeaders(request: SignRequest): Record<string, string> {
  const seconds = Math.floor(request.timestamp.getTime() / 1000).toString();
  const signed = `${request.messageId}.${seconds}.${request.body}`;
  const signatures = request.secrets.map((secret) => `v1,${createHmac('sha256', keyOf(secret)).update(signed).digest('base64')}`);
  const current = request.secrets[0] ?? '';
  return {
    'webhook-id': request.messageId,
    'webhook-timestamp': seconds,
    'webhook-signature': signatures.join(' '),
    'x-webhook-signature-256': `sha256=${createHmac('sha256', current).update(request.body).digest('hex')}`,
  };
}
