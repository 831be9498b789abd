import { isJsonObject } from '@weft/engine';
import { z } from 'zod';
import { defineNode } from '../sdk/index.ts';

export const mergeNode = defineNode({
  type: 'core.merge',
  typeVersion: 1,
  displayName: 'Merge',
  description:
    'Joins branches: waits for every branch that was taken and combines their outputs, keyed by the step they came from ("object") or as a list in the order of the edges ("array"). Branches not taken are left out; the step is skipped only when none arrived.',
  category: 'Flow',
  icon: 'merge',
  params: z.strictObject({
    mode: z
      .enum(['object', 'array'])
      .default('object')
      .meta({ title: 'Combine as', description: 'object: { <step id>: output, … }; array: [output, …] in the order of the incoming edges.' }),
  }),
  joinsBranches: true,
  sample: { paid: { id: 1001 }, notified: { ok: true } },
  // The engine hands a join node `{ <source step id>: output }`, in edge order.
  run: async ({ params, input }) => ({ output: params.mode === 'array' && isJsonObject(input) ? Object.values(input) : input }),
});
