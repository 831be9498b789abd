import { type CodeLogEntry, CodeRunError, type StepLog } from '@weft/engine';
import { z } from 'zod';
import { defineNode } from '../sdk/index.ts';

export const codeParams = z.strictObject({
  code: z
    .string()
    .min(1)
    .max(100_000)
    .meta({
      title: 'Code',
      description:
        'The body of an async function: it receives input, nodes and trigger, may use await, and returns the output. A value starting with = would be read as an expression.',
      'x-weft-language': 'javascript',
    }),
  timeoutMs: z.int().min(1).max(60_000).default(5_000).meta({ title: 'Time limit (ms)' }),
  memoryMb: z.int().min(8).max(512).default(64).meta({ title: 'Memory limit (MB)' }),
});

export const codeNode = defineNode({
  type: 'core.code',
  typeVersion: 1,
  displayName: 'Code',
  description: [
    'Runs JavaScript and outputs what it returns. "code" is the body of an async function that receives',
    'input (this step\'s input), nodes (the output of every finished step, by node id) and trigger (the event),',
    'as copies. It returns JSON: undefined becomes null; functions, BigInt and cycles fail the step.',
    'console.log, info, warn and error go to the step log. The code runs in an isolated sandbox with a time and a',
    'memory limit and no require, import, network, files or process.',
    'Example: const total = input.body.lines.reduce((sum, line) => sum + line.qty * line.price, 0);',
    'console.log("lines", input.body.lines.length); return { orderId: input.body.id, total };',
  ].join(' '),
  category: 'Transform',
  icon: 'code',
  params: codeParams,
  sample: { orderId: 1001, total: 25 },
  run: async ({ params, input, nodes, trigger, code, log, signal }) => {
    try {
      const result = await code.run({ source: params.code, input, nodes, trigger, timeoutMs: params.timeoutMs, memoryMb: params.memoryMb, signal });
      writeLogs(log, result.logs);
      return { output: result.value };
    } catch (error) {
      if (error instanceof CodeRunError) writeLogs(log, error.logs);
      throw error;
    }
  },
});

function writeLogs(log: StepLog, entries: readonly CodeLogEntry[]): void {
  for (const entry of entries) log[entry.level](entry.message);
}
