import { z } from 'zod';
import { defineNode } from '../sdk/index.ts';

export const webhookMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

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
});

export type WebhookParams = z.infer<typeof webhookParams>;

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
