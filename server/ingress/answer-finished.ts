import type { FastifyReply } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { sendError } from '../plugins/error-handler.ts';

/** Answers a whenFinished webhook from its execution's outcome: the respond step's answer, a failure, or a timeout. */
export async function answerFinished(context: AppContext, reply: FastifyReply, executionId: string, responseTimeoutMs: number) {
  // Read the outcome from the database rather than trusting the wake-up: a missed notification
  // then costs only the timeout, never a wrong answer.
  const execution = await context.outcomes(executionId);
  if (execution.status === 'queued' || execution.status === 'running') {
    return sendError(reply, 504, 'response_timeout', `the flow did not finish within ${responseTimeoutMs} ms; it goes on running`, {
      executionId,
    });
  }
  if (execution.response !== null) {
    return reply.status(execution.response.status).headers(execution.response.headers).header('x-weft-execution-id', executionId).send(execution.response.body);
  }
  if (execution.status === 'failed') {
    const failure = execution.error;
    return sendError(reply, 500, 'execution_failed', failure === null ? 'the flow failed' : `step ${failure.nodeId} failed: ${failure.message}`, {
      executionId,
      nodeId: failure?.nodeId ?? null,
    });
  }
  return reply.status(200).send({ executionId, status: execution.status });
}
