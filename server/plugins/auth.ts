import { AuthError } from '@weft/engine';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../storage/database.ts';
import { isKnownToken } from '../storage/api-tokens-repo.ts';

/** Requires `Authorization: Bearer <token>` on every route registered in `scope`. */
export function requireApiToken(scope: FastifyInstance, database: Database): void {
  scope.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    const token = match?.[1];
    if (token === undefined) throw new AuthError('unauthorized', 'send the API token as "Authorization: Bearer <token>"');
    if (!(await isKnownToken(database, token))) throw new AuthError('unauthorized', 'the API token is not valid');
  });
}
