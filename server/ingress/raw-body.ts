import type { FastifyInstance } from 'fastify';

/**
 * Makes every body in `scope` arrive as the exact text received, whatever its content type:
 * signatures are computed over that text, and `decodeWebhookBody` reads it afterwards.
 */
export function acceptRawBodies(scope: FastifyInstance, bodyLimitBytes: number): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: bodyLimitBytes }, (_request, body, done) => done(null, body));
}
