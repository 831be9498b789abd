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
    { node: manualNode, params: {} },
  ])('$node.type passes its event through unchanged (params $params)', async ({ node, params }) => {
    const step = await runNode(node, { params, input: event });

    expect(step).toMatchObject({ status: 'succeeded', input: event, output: event, ports: ['out'] });
  });

  it.each([
    ['a path with spaces', { path: 'orders paid' }, 'nodes[0].params.path'],
    ['no methods', { methods: [] }, 'nodes[0].params.methods'],
    ['an unknown method', { methods: ['TRACE'] }, 'nodes[0].params.methods[0]'],
  ])('refuses a webhook with %s', async (_why, params, path) => {
    await expect(runNode(webhookNode, { params })).rejects.toMatchObject({
      code: 'invalid_flow',
      details: { problems: [expect.objectContaining({ code: 'invalid_params', path })] },
    });
  });
});
