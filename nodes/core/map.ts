import { jsonSchema } from '@weft/engine';
import { z } from 'zod';
import { defineNode, expressionField } from '../sdk/index.ts';

export const mapNode = defineNode({
  type: 'core.map',
  typeVersion: 1,
  displayName: 'Map fields',
  description:
    'Builds a new value from the input. "output" is a JSON template: any string in it that starts with = is a JSONata expression, e.g. { "orderId": "=$.body.id" }, or the whole output can be one expression.',
  category: 'Transform',
  icon: 'shuffle',
  params: z.strictObject({
    output: expressionField(jsonSchema.default(null), 'The value this step outputs; strings starting with = are JSONata.'),
  }),
  sample: { orderId: 1001, total: 25 },
  run: async ({ params }) => ({ output: params.output }),
});
