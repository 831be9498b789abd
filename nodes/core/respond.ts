import { jsonSchema, NodeRunError } from '@weft/engine';
import { z } from 'zod';
import { defineNode, expressionField, lowercaseKeys } from '../sdk/index.ts';

const contentTypes = {
  json: 'application/json; charset=utf-8',
  text: 'text/plain; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
} as const;

export const respondNode = defineNode({
  type: 'core.respond',
  typeVersion: 1,
  displayName: 'Respond to webhook',
  description:
    'Sets the answer for the webhook caller (when the webhook trigger waits for the flow): status, headers and a JSON, text or XML body (e.g. TwiML).',
  category: 'Flow',
  icon: 'reply',
  params: z.strictObject({
    status: z.int().min(100).max(599).default(200).meta({ title: 'Status code' }),
    headers: z.record(z.string(), z.string()).default({}).meta({ title: 'Headers' }),
    bodyType: z.enum(['json', 'text', 'xml']).default('json').meta({ title: 'Body type' }),
    body: expressionField(jsonSchema.default(null), 'The body: any JSON for json; a string for text and xml.'),
  }),
  run: async ({ params }) => {
    const body = params.bodyType === 'json' ? JSON.stringify(params.body) : params.body;
    if (typeof body !== 'string') {
      throw new NodeRunError('invalid_body', `a ${params.bodyType} body must be a string; got ${JSON.stringify(params.body).slice(0, 100)}`);
    }
    const headers = { 'content-type': contentTypes[params.bodyType], ...lowercaseKeys(params.headers) };
    return { output: { status: params.status, headers, body }, response: { status: params.status, headers, body } };
  },
});
