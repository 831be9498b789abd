import { createHash, createHmac } from 'node:crypto';
import { sign as signGithub } from '@octokit/webhooks-methods';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import twilio from 'twilio';
import type { WebhookVerifySettings } from '@weft/nodes';

/** How each provider signs a request, made with the provider's own SDK wherever one is installed. */
export interface SignatureCase {
  name: string;
  settings: Pick<WebhookVerifySettings, 'scheme' | 'hmac'>;
  secret: string;
  wrongSecret: string;
  contentType: string;
  body: string;
  /** The query string the provider puts on the URL it calls, given the body. */
  query(body: string): string;
  sign(request: { url: string; body: string; secret: string; now: Date }): Promise<Record<string, string>>;
  signatureHeader: string;
  timestamped: boolean;
  deliveryId: string | undefined;
  /** Why a tampered body is refused: most schemes sign the body, Twilio's JSON requests sign its hash. */
  tamperReason: 'signature_mismatch' | 'body_hash_mismatch';
}

const stripeBody = '{"id":"evt_1NG8Du2eZvKYlo2CUI79vXWy","object":"event","type":"payment_intent.succeeded"}';
const standardSecret = `whsec_${Buffer.from('an example key of 32 bytes......').toString('base64')}`;
const twilioJson = '{"CallSid":"CA123","Status":"completed"}';
const squareBody = '{"merchant_id":"6SSW7HV8K2ST5","type":"payment.created","event_id":"13b867cf-db3d-4b1c-90b6-2f32a9d78124"}';

const noQuery = () => '';

export const signatureCases: SignatureCase[] = [
  {
    name: 'Standard Webhooks',
    settings: { scheme: 'standardWebhooks' },
    secret: standardSecret,
    wrongSecret: `whsec_${Buffer.from('another key, also of 32 bytes...').toString('base64')}`,
    contentType: 'application/json',
    body: '{"type":"invoice.paid","data":{"id":"in_1"}}',
    query: noQuery,
    sign: async ({ body, secret, now }) => ({
      'webhook-id': 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign('msg_2KWPBgLlAfxdpx2AI54pPJ85f4W', now, body),
    }),
    signatureHeader: 'webhook-signature',
    timestamped: true,
    deliveryId: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
    tamperReason: 'signature_mismatch',
  },
  {
    name: 'Stripe',
    settings: { scheme: 'stripe' },
    secret: 'whsec_stripe_test_secret',
    wrongSecret: 'whsec_some_other_secret',
    contentType: 'application/json; charset=utf-8',
    body: stripeBody,
    query: noQuery,
    sign: async ({ body, secret, now }) => ({
      'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: Math.floor(now.getTime() / 1000) }),
    }),
    signatureHeader: 'stripe-signature',
    timestamped: true,
    deliveryId: 'evt_1NG8Du2eZvKYlo2CUI79vXWy',
    tamperReason: 'signature_mismatch',
  },
  {
    name: 'GitHub',
    settings: { scheme: 'github' },
    secret: 'github-webhook-secret',
    wrongSecret: 'not-the-secret',
    contentType: 'application/json',
    body: '{"action":"opened","number":7}',
    query: noQuery,
    sign: async ({ body, secret }) => ({
      'x-hub-signature-256': await signGithub(secret, body),
      'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
    }),
    signatureHeader: 'x-hub-signature-256',
    timestamped: false,
    deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958',
    tamperReason: 'signature_mismatch',
  },
  {
    name: 'Shopify',
    settings: { scheme: 'shopify' },
    secret: 'shpss_app_secret',
    wrongSecret: 'shpss_other',
    contentType: 'application/json',
    body: '{"id":820982911946154508,"financial_status":"paid"}',
    query: noQuery,
    // Shopify publishes no signing helper; this is its documented recipe.
    sign: async ({ body, secret }) => ({
      'x-shopify-hmac-sha256': createHmac('sha256', secret).update(body).digest('base64'),
      'x-shopify-webhook-id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
    }),
    signatureHeader: 'x-shopify-hmac-sha256',
    timestamped: false,
    deliveryId: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
    tamperReason: 'signature_mismatch',
  },
  {
    name: 'Slack',
    settings: { scheme: 'slack' },
    secret: '8f742231b10e8888abcd99yyyzzz85a5',
    wrongSecret: '00000000000000000000000000000000',
    contentType: 'application/x-www-form-urlencoded',
    body: 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&command=%2Fweather&text=94070',
    query: noQuery,
    // Slack's recipe, as its docs give it: v0=hex(HMAC-SHA256("v0:" + timestamp + ":" + body)).
    sign: async ({ body, secret, now }) => {
      const timestamp = String(Math.floor(now.getTime() / 1000));
      return {
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`,
      };
    },
    signatureHeader: 'x-slack-signature',
    timestamped: true,
    deliveryId: undefined,
    tamperReason: 'signature_mismatch',
  },
  {
    name: 'Twilio (form post)',
    settings: { scheme: 'twilio' },
    secret: '12345678901234567890123456789012',
    wrongSecret: 'abcdefabcdefabcdefabcdefabcdefab',
    contentType: 'application/x-www-form-urlencoded',
    body: 'MessageSid=SM123&From=%2B15551234567&To=%2B15557654321&Body=Hello+there&Body=again',
    query: noQuery,
    sign: async ({ url, body, secret }) => ({
      'x-twilio-signature': twilio.getExpectedTwilioSignature(secret, url, fieldsOf(body)),
      'i-twilio-idempotency-token': 'b5c2f6a0-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
    }),
    signatureHeader: 'x-twilio-signature',
    timestamped: false,
    deliveryId: 'b5c2f6a0-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
    tamperReason: 'signature_mismatch',
  },
  {
    name: 'Twilio (JSON with bodySHA256)',
    settings: { scheme: 'twilio' },
    secret: '12345678901234567890123456789012',
    wrongSecret: 'abcdefabcdefabcdefabcdefabcdefab',
    contentType: 'application/json',
    body: twilioJson,
    query: (body) => `?bodySHA256=${createHash('sha256').update(body).digest('hex')}`,
    sign: async ({ url, secret }) => ({ 'x-twilio-signature': twilio.getExpectedTwilioSignature(secret, url, {}) }),
    signatureHeader: 'x-twilio-signature',
    timestamped: false,
    deliveryId: undefined,
    tamperReason: 'body_hash_mismatch',
  },
  {
    name: 'Square',
    settings: { scheme: 'square' },
    secret: 'square-signature-key',
    wrongSecret: 'not-the-key',
    contentType: 'application/json',
    body: squareBody,
    query: noQuery,
    // Square's SDK only verifies (WebhooksHelper, checked against this in the tests); this is its recipe.
    sign: async ({ url, body, secret }) => ({ 'x-square-hmacsha256-signature': createHmac('sha256', secret).update(url + body).digest('base64') }),
    signatureHeader: 'x-square-hmacsha256-signature',
    timestamped: false,
    deliveryId: '13b867cf-db3d-4b1c-90b6-2f32a9d78124',
    tamperReason: 'signature_mismatch',
  },
  {
    name: 'plain HMAC (sha512, base64, prefixed)',
    settings: { scheme: 'hmac', hmac: { algorithm: 'sha512', header: 'X-Signature', encoding: 'base64', prefix: 'sha512=' } },
    secret: 'shared-secret',
    wrongSecret: 'other-secret',
    contentType: 'text/plain',
    body: 'plain words, 1 line',
    query: noQuery,
    sign: async ({ body, secret }) => ({ 'x-signature': `sha512=${createHmac('sha512', secret).update(body).digest('base64')}` }),
    signatureHeader: 'x-signature',
    timestamped: false,
    deliveryId: undefined,
    tamperReason: 'signature_mismatch',
  },
  {
    name: 'plain HMAC (sha1, hex)',
    settings: { scheme: 'hmac', hmac: { algorithm: 'sha1', header: 'x-hook-digest', encoding: 'hex' } },
    secret: 'shared-secret',
    wrongSecret: 'other-secret',
    contentType: 'application/json',
    body: '{"n":1}',
    query: noQuery,
    sign: async ({ body, secret }) => ({ 'x-hook-digest': createHmac('sha1', secret).update(body).digest('hex') }),
    signatureHeader: 'x-hook-digest',
    timestamped: false,
    deliveryId: undefined,
    tamperReason: 'signature_mismatch',
  },
];

/** Form fields as Twilio's SDK takes them: a field sent twice becomes an array. */
export function fieldsOf(body: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const existing = fields[name];
    fields[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return fields;
}

/** The same body with one character changed, keeping its format (form, JSON or text) valid. */
export function tampered(body: string): string {
  return body.replace(/[0-9]/, (digit) => String((Number(digit) + 1) % 10));
}
