import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';

/** The installed node packs and, for those that failed, why, as Weft last loaded them. */
export function registerPackRoutes(app: FastifyInstance, context: AppContext): void {
  app.get('/api/packs', async () => ({ packs: context.packs.statuses() }));
}
