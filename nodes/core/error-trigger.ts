import { z } from 'zod';
import { defineNode } from '../sdk/index.ts';

export const errorTriggerNode = defineNode({
  type: 'core.error',
  typeVersion: 1,
  displayName: 'Error trigger',
  description:
    'Starts this flow when an execution of another flow fails, for flows that name this one as their error flow (settings.errorFlowId). Its output is { flow, execution, error, event }.',
  category: 'Triggers',
  icon: 'alert',
  trigger: true,
  params: z.strictObject({}),
  sample: {
    flow: { id: 'shopify-paid-order', name: 'Forward paid Shopify orders' },
    execution: { id: '00000000-0000-4000-8000-000000000000', flowVersion: 3, mode: 'webhook' },
    error: { nodeId: 'forwardOrder', code: 'http_error', message: 'POST https://example.com/orders answered 503' },
    event: { body: {} },
  },
  run: async ({ input }) => ({ output: input }),
});
