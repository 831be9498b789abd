import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';

/**
 * API bodies are JSON. An empty body counts as none, since many clients send a JSON content type
 * on body-less POSTs such as `/publish`; `__proto__` and `constructor.prototype` keys are refused.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      done(error instanceof Error ? error : new Error(String(error)), undefined);
    }
  });
}
