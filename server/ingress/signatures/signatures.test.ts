import { WebhooksHelper } from 'square';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { fieldsOf, signatureCases, tampered } from '../../testing/provider-signatures.ts';
import { verifierFor } from './registry.ts';
import type { VerifyInput } from './signature-types.ts';

const now = new Date('2026-03-01T12:00:00Z');
const baseUrl = 'https://weft.example.com/hooks/payments';

async function signedInput(scheme: (typeof signatureCases)[number], options: { signedAt?: Date; secret?: string } = {}): Promise<VerifyInput> {
  const url = baseUrl + scheme.query(scheme.body);
  const headers = await scheme.sign({ url, body: scheme.body, secret: options.secret ?? scheme.secret, now: options.signedAt ?? now });
  return { headers: { 'content-type': scheme.contentType, ...headers }, rawBody: scheme.body, url, secret: scheme.secret, now, toleranceSeconds: 300 };
}

describe.each(signatureCases)('$name signatures', (scheme) => {
  const verify = verifierFor(scheme.settings);

  it('accepts a request signed by the provider, with its delivery id', async () => {
    const result = verify(await signedInput(scheme));
    expect(result).toEqual(scheme.deliveryId === undefined ? { ok: true } : { ok: true, deliveryId: scheme.deliveryId });
  });

  it.each([
    ['a tampered body', async () => ({ ...(await signedInput(scheme)), rawBody: tampered(scheme.body) }), scheme.tamperReason],
    ['a signature made with another secret', async () => signedInput(scheme, { secret: scheme.wrongSecret }), 'signature_mismatch'],
    [
      'no signature header',
      async () => {
        const input = await signedInput(scheme);
        return { ...input, headers: Object.fromEntries(Object.entries(input.headers).filter(([name]) => name !== scheme.signatureHeader)) };
      },
      'missing_signature',
    ],
    [
      'a signature header that is not a signature',
      async () => {
        const input = await signedInput(scheme);
        return { ...input, headers: { ...input.headers, [scheme.signatureHeader]: 'v9 not-a-signature!' } };
      },
      'malformed_signature',
    ],
  ])('refuses %s', async (_case, makeInput, reason) => {
    expect(verify(await makeInput())).toEqual({ ok: false, reason });
  });
});

describe.each(signatureCases.filter((scheme) => scheme.timestamped))('$name replay window', (scheme) => {
  const verify = verifierFor(scheme.settings);

  it.each([
    ['signed 301 s ago', -301],
    ['signed 301 s ahead', 301],
  ])('refuses a request %s as a replay, and takes it with a wider window', async (_case, offsetSeconds) => {
    const signedAt = new Date(now.getTime() + offsetSeconds * 1000);
    expect(verify(await signedInput(scheme, { signedAt }))).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verify({ ...(await signedInput(scheme, { signedAt })), toleranceSeconds: 302 })).toMatchObject({ ok: true });
  });

  it('refuses a request without its timestamp', async () => {
    const input = await signedInput(scheme);
    const timestampHeader = scheme.name === 'Stripe' ? undefined : Object.keys(input.headers).find((name) => name.endsWith('timestamp'));
    const headers =
      timestampHeader === undefined
        ? { ...input.headers, 'stripe-signature': (input.headers['stripe-signature'] ?? '').replace(/^t=\d+,/, '') }
        : Object.fromEntries(Object.entries(input.headers).filter(([name]) => name !== timestampHeader));
    expect(verify({ ...input, headers })).toEqual({ ok: false, reason: 'missing_timestamp' });
  });
});

describe('signatures the providers accept too', () => {
  const byName = (name: string) => {
    const found = signatureCases.find((scheme) => scheme.name.startsWith(name));
    if (found === undefined) throw new Error(`no case ${name}`);
    return found;
  };

  it('Square: its SDK accepts the signature Weft accepts', async () => {
    const square = byName('Square');
    const input = await signedInput(square);
    const signatureHeader = input.headers['x-square-hmacsha256-signature'] ?? '';
    expect(await WebhooksHelper.verifySignature({ requestBody: square.body, signatureHeader, signatureKey: square.secret, notificationUrl: input.url })).toBe(true);
    expect(verifierFor(square.settings)(input)).toMatchObject({ ok: true });
  });

  it('Twilio: its SDK accepts the form signature Weft accepts, also when the URL carried the default port', async () => {
    const form = byName('Twilio (form');
    const input = await signedInput(form);
    const signature = input.headers['x-twilio-signature'] ?? '';
    expect(twilio.validateRequest(form.secret, signature, input.url, fieldsOf(form.body))).toBe(true);
    expect(verifierFor(form.settings)({ ...input, url: input.url.replace('weft.example.com', 'weft.example.com:443') })).toMatchObject({ ok: true });
  });

  it('Standard Webhooks: several signatures during a secret rotation, any one matching', async () => {
    const standard = byName('Standard Webhooks');
    const input = await signedInput(standard);
    const rotated = { ...input.headers, 'webhook-signature': `v1,${Buffer.alloc(32).toString('base64')} ${input.headers['webhook-signature']}` };
    expect(verifierFor(standard.settings)({ ...input, headers: rotated })).toMatchObject({ ok: true });
  });

  it('Stripe: several v1 signatures during a secret roll, any one matching', async () => {
    const stripe = byName('Stripe');
    const input = await signedInput(stripe);
    const rolled = { ...input.headers, 'stripe-signature': `${input.headers['stripe-signature']},v1=${'0'.repeat(64)}` };
    expect(verifierFor(stripe.settings)({ ...input, headers: rolled })).toMatchObject({ ok: true });
  });
});
