import { jsonSchema, NodeRunError, flowIdSchema } from '@weft/engine';
import { z } from 'zod';
import { defineNode, expressionField } from '../sdk/index.ts';

const DAY_SECONDS = 86_400;

export const subflowParams = z.strictObject({
  flowId: flowIdSchema.meta({ title: 'Flow', description: 'The id of the published flow to call; it starts at its manual trigger (or its first trigger).' }),
  payload: expressionField(jsonSchema.optional(), 'What the called flow receives as its event; this step\'s input when empty.').meta({ title: 'Event' }),
  waitForResult: z
    .boolean()
    .default(true)
    .meta({ title: 'Wait for its result', description: 'On: this step ends when the called flow ends, with its output. Off: go on at once.' }),
  timeoutSeconds: z
    .int()
    .min(1)
    .max(30 * DAY_SECONDS)
    .default(DAY_SECONDS)
    .meta({ title: 'Time-out (seconds)', description: 'How long to wait for the called flow before this step fails.' }),
});

const childOutcomeSchema = z.object({
  executionId: z.string(),
  status: z.enum(['succeeded', 'failed']),
  output: jsonSchema,
  error: z.object({ nodeId: z.string(), code: z.string(), message: z.string() }).nullable(),
});

export const subflowNode = defineNode({
  type: 'core.subflow',
  typeVersion: 1,
  displayName: 'Call flow',
  description:
    "Runs another published flow with an event and uses its result: the output of the called flow's last step. The wait is kept in the database, so no worker is held while the other flow runs. A failure there fails this step.",
  category: 'Flow',
  icon: 'workflow',
  params: subflowParams,
  sample: { orderId: 1001, status: 'tagged' },
  sideEffects: true,
  run: async ({ params, input, execution, nodeId, idempotencyKey, attempt, flows, clock, resumed, log }) => {
    if (resumed !== undefined) return { output: childResult(params.flowId, resumed.state, resumed.signal) };
    const started = await flows.start({
      flowId: params.flowId,
      payload: params.payload ?? input,
      parent: { executionId: execution.id, nodeId },
      // Per attempt: a retry calls the flow afresh, a resumed attempt finds the child it started.
      idempotencyKey: `${idempotencyKey}:${attempt}`,
    });
    log.info(`started flow ${params.flowId} as execution ${started.executionId}`);
    if (!params.waitForResult) return { output: { executionId: started.executionId } };
    const until = new Date(clock.now().getTime() + params.timeoutSeconds * 1000);
    return { wait: { signal: started.signal, until, state: { executionId: started.executionId } } };
  },
});

function childResult(flowId: string, state: unknown, signal: unknown) {
  const executionId = z.object({ executionId: z.string() }).parse(state).executionId;
  if (signal === undefined) {
    throw new NodeRunError('subflow_timeout', `flow "${flowId}" (execution ${executionId}) did not finish in time`, { details: { executionId } });
  }
  const outcome = childOutcomeSchema.parse(signal);
  if (outcome.status === 'failed') {
    const reason = outcome.error === null ? 'it failed' : `step "${outcome.error.nodeId}" failed: ${outcome.error.message}`;
    throw new NodeRunError('subflow_failed', `flow "${flowId}" (execution ${executionId}) failed, ${reason}`, {
      details: { executionId, error: outcome.error },
    });
  }
  return outcome.output;
}
