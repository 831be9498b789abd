import { flowIdSchema } from '@weft/engine';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { getFlow } from '../../storage/flows-repo.ts';
import { checkFlowInput, requireRunnable } from '../flows/flow-input.ts';
import { loadPastExecutions } from './past-executions.ts';
import { type TriedExecution, tryExecution } from './try-execution.ts';

const MAX_TRIED_EXECUTIONS = 20;

const tryDraftBodySchema = z.object({
  /** Finished executions of this flow whose events the draft runs on. */
  executionIds: z.array(z.string().min(1).max(100)).min(1).max(MAX_TRIED_EXECUTIONS),
  /** Let steps that reach outside (HTTP calls, published events) run for real; by default they are shown, not sent. */
  allowSideEffects: z.boolean().default(false),
  /** The whole try's time budget; an event still running when it ends fails at its current step. */
  timeoutMs: z.int().min(1_000).max(300_000).default(60_000),
});

/**
 * Runs the saved draft on past events, in memory, and answers with each node beside what it did
 * then. Nothing is stored and nothing is queued: the try leaves no execution behind, and unless
 * side effects are allowed it sends nothing either.
 */
export function registerTryDraftRoute(app: FastifyInstance, context: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/api/flows/:id/try-draft',
    { schema: { params: z.object({ id: flowIdSchema }), body: tryDraftBodySchema } },
    async (request) => {
      const { executionIds, allowSideEffects, timeoutMs } = request.body;
      const flow = await getFlow(context.database, request.params.id);
      const draft = context.engine.plan(requireRunnable(checkFlowInput(context.engine, flow.draft)));
      const pastExecutions = await loadPastExecutions(context.database, flow.id, executionIds);
      const signal = AbortSignal.timeout(timeoutMs);
      const results: TriedExecution[] = [];
      // One at a time: a try shares the process with live traffic, and the budget bounds the whole of it.
      for (const past of pastExecutions) results.push(await tryExecution({ engine: context.engine, draft, past, allowSideEffects, signal }));
      return { flowId: flow.id, draftRevision: flow.draftRevision, allowSideEffects, results };
    },
  );
}
