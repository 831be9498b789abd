import { createHmac, timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateSecret, signatureHeaders } from './signing.ts';

const body = JSON.stringify({ type: 'order.created', timestamp: '2026-01-01T00:00:00.000Z', data: { id: 1, note: 'ünïcode' } });

describe('signing', () => {
  it('makes whsec_ secrets of at least 24 random bytes', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    expect(generateSecret()).not.toBe(secret);
  });

  it.each([
    ['the only secret', 0],
    ['the previous secret during a rotation', 1],
  ])('signs so the standardwebhooks library verifies with %s', (_label, index) => {
    const secrets = [generateSecret(), generateSecret()];
    const headers = signatureHeaders({ messageId: 'msg_1', timestamp: new Date(), body, secrets: index === 0 ? secrets.slice(0, 1) : secrets });
    const verifier = new Webhook(secrets[index] ?? '');
    expect(verifier.verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('carries one v1 entry per secret', () => {
    const headers = signatureHeaders({ messageId: 'msg_1', timestamp: new Date(), body, secrets: [generateSecret(), generateSecret()] });
    expect(headers['webhook-signature']?.split(' ')).toHaveLength(2);
  });

  it('refuses a signature made under another secret', () => {
    const headers = signatureHeaders({ messageId: 'msg_1', timestamp: new Date(), body, secrets: [generateSecret()] });
    expect(() => new Webhook(generateSecret()).verify(body, headers)).toThrow();
  });

  it('adds a hex HMAC of the body keyed by the secret text', () => {
    const secret = generateSecret();
    const headers = signatureHeaders({ messageId: 'msg_1', timestamp: new Date(), body, secrets: [secret] });
    const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
    expect(timingSafeEqual(Buffer.from(headers['x-webhook-signature-256'] ?? ''), expected)).toBe(true);
  });
});
