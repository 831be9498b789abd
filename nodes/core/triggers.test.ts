import type { JsonObject, NodeDefinition } from '@weft/engine';
import { describe, expect, it } from 'vitest';
import { runNode } from '../sdk/testing/index.ts';
import { manualNode } from './manual.ts';
import { webhookNode } from './webhook.ts';

const event = { method: 'POST', path: 'orders', headers: { 'content-type': 'application/json' }, query: {}, body: { id: 7 }, rawBody: '{"id":7}' };

describe('triggers', () => {
  it.each<{ node: NodeDefinition; params: JsonObject }>([
    { node: webhookNode, params: {} },
    { node: webhookNode, params: { path: 'orders/paid', methods: ['POST', 'PUT'], responseMode: 'whenFinished' } },
    {
      node: webhookNode,
      params: {
        verify: { scheme: 'hmac', credential: 'cred_1', toleranceSeconds: 60, hmac: { algorithm: 'sha512', header: 'X-Signature', encoding: 'base64', prefix: 'sha512=' } },
        dedupeWindowSeconds: 0,
        rateLimit: { requests: 10, perSeconds: 1 },
      },
    },
    { node: manualNode, params: {} },
  ])('$node.type passes its event through unchanged (params $params)', async ({ node, params }) => {
    const step = await runNode(node, { params, input: event });

    expect(step).toMatchObject({ status: 'succeeded', input: event, output: event, ports: ['out'] });
  });

  it.each([
    ['a path with spaces', { path: 'orders paid' }, 'nodes[0].params.path'],
    ['no methods', { methods: [] }, 'nodes[0].params.methods'],
    ['an unknown method', { methods: ['TRACE'] }, 'nodes[0].params.methods[0]'],
    ['an unknown signature scheme', { verify: { scheme: 'paypal', credential: 'cred_1' } }, 'nodes[0].params.verify.scheme'],
    ['a signature check without its credential', { verify: { scheme: 'github' } }, 'nodes[0].params.verify.credential'],
    ['the hmac scheme without its settings', { verify: { scheme: 'hmac', credential: 'cred_1' } }, 'nodes[0].params.verify.hmac'],
    ['hmac settings on another scheme', { verify: { scheme: 'github', credential: 'cred_1', hmac: { header: 'x-sig' } } }, 'nodes[0].params.verify.hmac'],
    ['a negative dedupe window', { dedupeWindowSeconds: -1 }, 'nodes[0].params.dedupeWindowSeconds'],
    ['a rate limit of no requests', { rateLimit: { requests: 0, perSeconds: 60 } }, 'nodes[0].params.rateLimit.requests'],
  ])('refuses a webhook with %s', async (_why, params, path) => {
    await expect(runNode(webhookNode, { params })).rejects.toMatchObject({
      code: 'invalid_flow',
      details: { problems: [expect.objectContaining({ code: 'invalid_params', path })] },
    });
  });

  // Params travel in exports: a secret written inline would leak with every copy of the flow.
  it('refuses a signing secret written into the webhook params', async () => {
    const params = { verify: { scheme: 'github', credential: 'cred_1', secret: 'hunter2' } };
    await expect(runNode(webhookNode, { params })).rejects.toMatchObject({
      code: 'invalid_flow',
      details: { problems: [expect.objectContaining({ code: 'unknown_field', path: 'nodes[0].params.verify.secret' })] },
    });
  });
});
