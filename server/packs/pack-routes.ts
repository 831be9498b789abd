import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';

/** The installed node packs and, for those that failed, why; loaded at start-up, so fixed until restart. */
export function registerPackRoutes(app: FastifyInstance, context: AppContext): void {
  app.get('/api/packs', async () => ({ packs: context.packs }));
}
