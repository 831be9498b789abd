import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { sendError } from '../plugins/error-handler.ts';

/** Liveness plus a database round trip; needs no token, for load balancers and probes. */
export function registerHealthRoutes(app: FastifyInstance, context: AppContext): void {
  app.get('/api/health', async (_request, reply) => {
    try {
      await context.database.query('SELECT 1');
    } catch {
      return sendError(reply, 503, 'database_unavailable', 'the database does not answer');
    }
    return { status: 'ok', role: context.config.role };
  });
}
