import { z } from 'zod';
import { defineNode } from '../sdk/index.ts';

export const manualNode = defineNode({
  type: 'core.manual',
  typeVersion: 1,
  displayName: 'Manual trigger',
  description: 'Starts the flow from the editor or POST /api/flows/:id/run; its output is the payload given there.',
  category: 'Triggers',
  icon: 'play',
  trigger: true,
  params: z.strictObject({}),
  run: async ({ input }) => ({ output: input }),
});
