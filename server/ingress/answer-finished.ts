import type { FastifyReply } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { sendError } from '../plugins/error-handler.ts';
import type { WaitEnd } from '../storage/execution-notifier.ts';

/**
 * Answers a whenFinished webhook from its execution's outcome: the respond step's answer, a
 * failure, or a timeout. The outcome is the one the wait ended with, when this process committed
 * it; otherwise it is read from the database rather than trusted to a notification: a missed
 * notification then costs only the timeout, never a wrong answer.
 */
export async function answerFinished(context: AppContext, reply: FastifyReply, executionId: string, responseTimeoutMs: number, end: WaitEnd) {
  const execution = (end.finished ? end.outcome : undefined) ?? (await context.outcomes(executionId));
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
