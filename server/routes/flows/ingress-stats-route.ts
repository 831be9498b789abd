import { flowIdSchema } from '@weft/engine';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { getFlow } from '../../storage/flows-repo.ts';
import { readIngressStats } from '../../storage/ingress-stats-repo.ts';

const flowParams = z.object({ id: flowIdSchema });

/** What a flow's webhook ingress refused or folded: bad signatures, duplicates, rate-limited requests. */
export function registerIngressStatsRoute(app: FastifyInstance, context: Pick<AppContext, 'database'>): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/api/flows/:id/ingress-stats', { schema: { params: flowParams } }, async (request) => {
    const flow = await getFlow(context.database, request.params.id);
    const stats = await readIngressStats(context.database, flow.id);
    return {
      flowId: flow.id,
      signatureFailures: stats.signatureFailures,
      duplicates: stats.duplicates,
      rateLimited: stats.rateLimited,
      lastFailure: stats.lastFailure === null ? null : { at: stats.lastFailure.at.toISOString(), reason: stats.lastFailure.reason },
    };
  });
}
