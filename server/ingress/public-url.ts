import type { FastifyRequest } from 'fastify';

/**
 * The full URL the caller used, query string included: Twilio and Square sign it. Behind a proxy
 * Weft cannot see the scheme and host the provider called, so WEFT_PUBLIC_URL supplies them.
 */
export function publicUrlOf(request: FastifyRequest, configuredBase: string | undefined): string {
  return `${publicOriginOf(request, configuredBase)}${request.url}`;
}

/** The scheme and host callers reach Weft at: WEFT_PUBLIC_URL when set, else what this request used. */
export function publicOriginOf(request: FastifyRequest, configuredBase: string | undefined): string {
  return configuredBase ?? `${request.protocol}://${request.host}`;
}
