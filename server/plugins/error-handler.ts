import { AuthError, ConflictError, NotFoundError, ValidationError, WeftError, type Json } from '@weft/engine';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../storage/database-unavailable.ts';

/** The one shape of every error answer: `{ error: { code, message, details? } }`. */
export function sendError(reply: FastifyReply, status: number, code: string, message: string, details?: Json) {
  return reply.status(status).send({ error: details === undefined ? { code, message } : { code, message, details } });
}

/** A WeftError that carries its own HTTP status, for answers no error class implies (405, 413, 415…). */
export class HttpError extends WeftError {
  readonly status: number;

  constructor(status: number, code: string, message: string, details?: Json) {
    super(code, message, details === undefined ? {} : { details });
    this.status = status;
  }
}

function statusOf(error: WeftError): number {
  if (error instanceof HttpError) return error.status;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof AuthError) return 401;
  if (error instanceof ValidationError) return 422;
  return 500;
}

// Fastify's own client errors, renamed to stable Weft codes.
const fastifyCodes: Record<string, { status: number; code: string; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', message: 'the request body is larger than this server accepts' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_json', message: 'the body is empty but the content-type says JSON' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid_json' },
};

/** How long a client is asked to wait before trying again while PostgreSQL is away (a restart takes seconds). */
const DATABASE_RETRY_AFTER_SECONDS = 5;

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof WeftError) {
      const status = statusOf(error);
      if (status >= 500) request.log.error({ err: error }, 'request failed');
      return sendError(reply, status, error.code, status >= 500 ? 'internal error' : error.message, error.details);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((issue) => ({ path: issue.instancePath || '/', message: issue.message ?? 'is invalid' }));
      return sendError(reply, 400, 'invalid_request', `the request is invalid: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, {
        issues,
      });
    }
    const known = error.code === undefined ? undefined : fastifyCodes[error.code];
    if (known !== undefined) return sendError(reply, known.status, known.code, known.message ?? error.message);
    if (/forbidden (prototype|constructor) property/.test(error.message)) {
      return sendError(reply, 400, 'forbidden_key', 'the body holds a key that could poison objects (__proto__ or constructor.prototype)');
    }
    if (error instanceof SyntaxError) return sendError(reply, 400, 'invalid_json', `the body is not valid JSON: ${error.message}`);
    // No 2xx went out, so the sender keeps the event and sends it again later, as providers do after a 5xx.
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
      return sendError(reply, 503, 'database_unavailable', 'Weft cannot reach its database right now; try again shortly', {
        retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
      });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return sendError(reply, status, 'bad_request', error.message);
    request.log.error({ err: error }, 'request failed');
    return sendError(reply, 500, 'internal_error', 'internal error');
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, 404, 'route_not_found', `no route for ${request.method} ${request.url.split('?')[0]}`));
}
