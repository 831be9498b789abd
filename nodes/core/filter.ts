import { z } from 'zod';
import { defineNode, expressionField } from '../sdk/index.ts';

export const filterNode = defineNode({
  type: 'core.filter',
  typeVersion: 1,
  displayName: 'Filter',
  description:
    'Passes its input on through "true" when the condition holds, otherwise through "false". A condition that finds nothing counts as false.',
  category: 'Flow',
  icon: 'filter',
  params: z.strictObject({
    condition: expressionField(z.boolean().default(false), 'A JSONata condition, e.g. =$.body.financial_status = "paid"'),
  }),
  outputs: ['true', 'false'],
  run: async ({ params, input }) => ({ output: input, ports: [params.condition ? 'true' : 'false'] }),
});
