import { jsonSchema, NodeRunError } from '@weft/engine';
import { z } from 'zod';
import { defineNode, expressionField } from '../sdk/index.ts';

/** More items than this in one loop is a mistake more often than a plan; split the list upstream. */
const MAX_ITEMS = 10_000;

export const eachParams = z.strictObject({
  items: expressionField(z.array(jsonSchema).optional(), 'The list to go through, e.g. =$.body.line_items; the input itself when empty.').meta({
    title: 'Items',
  }),
  concurrency: z
    .int()
    .min(1)
    .max(50)
    .default(1)
    .meta({ title: 'At once', description: 'How many items run at the same time; 1 keeps them in order, one after another.' }),
});

export const eachNode = defineNode({
  type: 'core.each',
  typeVersion: 1,
  displayName: 'For each',
  description:
    'Runs the steps connected to "item" once for every item of a list, each receiving the item as its input, then continues from "done" with the list of their results. A filter among those steps leaves its items out of the results.',
  category: 'Flow',
  icon: 'repeat',
  params: eachParams,
  outputs: ['item', 'done'],
  loop: { bodyPort: 'item', donePort: 'done' },
  sample: [{ sku: 'IPOD-342', quantity: 1 }],
  run: async ({ params, input }) => {
    const items = params.items ?? input;
    if (!Array.isArray(items)) throw new NodeRunError('not_a_list', 'the items to go through are not a list; set Items to an expression giving a list, e.g. =$.body.items');
    if (items.length > MAX_ITEMS) throw new NodeRunError('too_many_items', `a loop takes at most ${MAX_ITEMS} items; this list has ${items.length}`);
    return { output: { items, concurrency: params.concurrency } };
  },
});
