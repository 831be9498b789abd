import type { FastifyRequest } from 'fastify';

/**
 * The full URL the caller used, query string included: Twilio and Square sign it. Behind a proxy
 * Weft cannot see the scheme and host the provider called, so WEFT_PUBLIC_URL supplies them.
 */
export function publicUrlOf(request: FastifyRequest, configuredBase: string | undefined): string {
  const base = configuredBase ?? `${request.protocol}://${request.host}`;
  return `${base}${request.url}`;
}
