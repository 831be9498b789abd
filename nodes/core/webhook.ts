import { z } from 'zod';
import { defineNode } from '../sdk/index.ts';

export const webhookMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export const signatureSchemes = ['standardWebhooks', 'stripe', 'github', 'shopify', 'slack', 'twilio', 'square', 'hmac'] as const;

const DAY_SECONDS = 24 * 60 * 60;

const hmacOptions = z.strictObject({
  algorithm: z.enum(['sha1', 'sha256', 'sha512']).default('sha256'),
  header: z.string().regex(/^[A-Za-z0-9-]+$/, 'a header name').meta({ title: 'Signature header' }),
  encoding: z.enum(['hex', 'base64']).default('hex'),
  prefix: z.string().max(64).optional().meta({ description: 'Text before the digest in the header, e.g. "sha256=".' }),
});

// The secret itself never appears here: params travel in exports, so only a credential id does.
const verifySettings = z
  .strictObject({
    scheme: z.enum(signatureSchemes).meta({ title: 'Signature scheme' }),
    credential: z.string().min(1).meta({ title: 'Secret', description: 'Id of the credential holding the signing secret.' }),
    toleranceSeconds: z
      .int()
      .min(1)
      .max(DAY_SECONDS)
      .default(300)
      .meta({ title: 'Replay window (s)', description: 'Timestamped schemes: refuse requests signed longer ago than this.' }),
    hmac: hmacOptions.optional().meta({ title: 'Plain HMAC settings', description: 'Required with the hmac scheme.' }),
  })
  .superRefine((settings, context) => {
    if ((settings.scheme === 'hmac') !== (settings.hmac !== undefined)) {
      context.addIssue({ code: 'custom', path: ['hmac'], message: 'hmac settings are required with the hmac scheme, and only there' });
    }
  });

export const webhookParams = z.strictObject({
  path: z
    .string()
    .regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$|^$/, 'letters, digits, _, - and / between segments')
    .default('')
    .meta({ title: 'Sub-path', description: 'Optional path after /hooks/<flow id>/, e.g. "orders/paid".' }),
  methods: z
    .array(z.enum(webhookMethods))
    .min(1)
    .default(['POST'])
    .meta({ title: 'HTTP methods', description: 'Which request methods start the flow.' }),
  responseMode: z
    .enum(['immediately', 'whenFinished'])
    .default('immediately')
    .meta({
      title: 'Answer',
      description:
        'immediately: 202 with the execution id once the event is stored. whenFinished: wait for the flow and answer with its respond step (or 200 with the execution id).',
    }),
  responseTimeoutMs: z
    .int()
    .min(100)
    .max(300_000)
    .default(30_000)
    .meta({ title: 'Answer timeout (ms)', description: 'whenFinished only: answer 504 after this long; the execution still completes.' }),
  verify: verifySettings.optional().meta({ title: 'Verify signature', description: 'Refuse (401) requests not signed by the provider.' }),
  dedupeWindowSeconds: z
    .int()
    .min(0)
    .max(30 * DAY_SECONDS)
    .default(DAY_SECONDS)
    .meta({
      title: 'Deduplication window (s)',
      description: 'A delivery id or Idempotency-Key seen again within this long answers with the first execution; 0 turns it off.',
    }),
  rateLimit: z
    .strictObject({ requests: z.int().min(1).max(1_000_000), perSeconds: z.int().min(1).max(DAY_SECONDS) })
    .optional()
    .meta({ title: 'Rate limit', description: 'Answer 429 beyond this many requests per window, across all Weft processes.' }),
});

export type WebhookParams = z.infer<typeof webhookParams>;
export type WebhookVerifySettings = z.infer<typeof verifySettings>;

export const webhookNode = defineNode({
  type: 'core.webhook',
  typeVersion: 1,
  displayName: 'Webhook',
  description: 'Starts the flow when a request arrives at /hooks/<flow id>. Its output is { method, path, headers, query, body, rawBody }.',
  category: 'Triggers',
  icon: 'webhook',
  trigger: true,
  params: webhookParams,
  sample: { method: 'POST', path: '', headers: { 'content-type': 'application/json' }, query: {}, body: { hello: 'world' }, rawBody: '{"hello":"world"}' },
  run: async ({ input }) => ({ output: input }),
});
