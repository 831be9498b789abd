import { z } from 'zod';
import { defineNode } from '../sdk/index.ts';

export const noopNode = defineNode({
  type: 'core.noop',
  typeVersion: 1,
  displayName: 'No operation',
  description: 'Passes its input on unchanged. Useful as a placeholder, or to give a branch a named end.',
  category: 'Flow',
  icon: 'arrow-right',
  params: z.strictObject({}),
  run: async ({ input }) => ({ output: input }),
});
