import { z } from 'zod';
import { defineNode, expressionField } from '../sdk/index.ts';

/**
 * Output ports are declared once per node type, so a switch offers a fixed set of case ports and
 * each case names the one it sends to; flow validation then checks edges like any other node's.
 */
export const SWITCH_CASE_PORTS = ['case1', 'case2', 'case3', 'case4', 'case5', 'case6', 'case7', 'case8'] as const;

const switchCase = z.strictObject({
  port: z.enum(SWITCH_CASE_PORTS).meta({ title: 'Output', description: 'The output this case sends the input through.' }),
  label: z.string().max(80).optional().meta({ title: 'Label', description: 'What this case means, e.g. "paid" (shown to people, not used to route).' }),
  when: expressionField(z.boolean().default(false), 'A JSONata condition, e.g. =$.body.status = "paid"; one that finds nothing counts as false.').meta({
    title: 'When',
  }),
});

export const switchNode = defineNode({
  type: 'core.switch',
  typeVersion: 1,
  displayName: 'Switch',
  description:
    'Routes its input by ordered cases: each case has a condition and an output (case1…case8). "first" sends through the first case that holds, "all" through every one that holds; when none holds the input goes through "default".',
  category: 'Flow',
  icon: 'split',
  params: z.strictObject({
    cases: z.array(switchCase).max(32).default([]).meta({ title: 'Cases', description: 'Checked in order.' }),
    mode: z
      .enum(['first', 'all'])
      .default('first')
      .meta({ title: 'Match', description: 'first: only the first case that holds; all: every case that holds.' }),
  }),
  outputs: [...SWITCH_CASE_PORTS, 'default'],
  run: async ({ params, input }) => {
    const holding = params.cases.filter((candidate) => candidate.when).map((candidate) => candidate.port);
    const chosen = params.mode === 'first' ? holding.slice(0, 1) : [...new Set(holding)];
    return { output: input, ports: chosen.length === 0 ? ['default'] : chosen };
  },
});
