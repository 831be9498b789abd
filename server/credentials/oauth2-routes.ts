import { createHash, randomBytes } from 'node:crypto';
import { type Json, NodeRunError, ValidationError } from '@weft/engine';
import { oauth2AuthorizationCodeFields, requestToken, tokenStateValues } from '@weft/nodes';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from '../plugins/error-handler.ts';
import { inTransaction } from '../storage/database.ts';
import type { WeftConfig } from '../config.ts';
import type { CredentialRoutesContext } from './credential-routes.ts';
import { getCredential, updateCredential } from './credentials-repo.ts';
import { insertOAuth2Request, OAUTH2_REQUEST_TTL_SECONDS, takeOAuth2Request } from './oauth2-requests-repo.ts';

const AUTHORIZATION_CODE_TYPE = 'core.oauth2AuthorizationCode';
export const CALLBACK_PATH = '/oauth2/callback';

/** `GET /api/credentials/:id/oauth2/authorize`: the provider URL a user opens to connect the credential. */
export function registerOAuth2AuthorizeRoute(app: FastifyInstance, context: CredentialRoutesContext & { config: Pick<WeftConfig, 'publicUrl'> }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/api/credentials/:id/oauth2/authorize', { schema: { params: z.object({ id: z.string().min(1).max(100) }) } }, async (request) => {
    const keyring = await context.credentials.keyring();
    const credential = await getCredential(context.database, keyring, request.params.id);
    if (credential.type !== AUTHORIZATION_CODE_TYPE) {
      throw new ValidationError('not_oauth2_authorization_code', `credential "${credential.id}" is a ${credential.type}, not a ${AUTHORIZATION_CODE_TYPE}`);
    }
    const fields = oauth2AuthorizationCodeFields.parse(pickFields(credential.values));
    const codeVerifier = randomBytes(32).toString('base64url');
    // The provider sends the browser here, so behind a proxy it must be the public address (WEFT_PUBLIC_URL).
    const redirectUri = `${context.config.publicUrl ?? `${request.protocol}://${request.host}`}${CALLBACK_PATH}`;
    const pending = await insertOAuth2Request(context.database, keyring, { credentialId: credential.id, redirectUri, codeVerifier });
    const url = new URL(fields.authorizeUrl);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', fields.clientId);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('state', pending.state);
    url.searchParams.set('code_challenge', createHash('sha256').update(codeVerifier).digest('base64url'));
    url.searchParams.set('code_challenge_method', 'S256');
    if (fields.scopes.length > 0) url.searchParams.set('scope', fields.scopes.join(' '));
    return { url: url.toString(), redirectUri, expiresInSeconds: OAUTH2_REQUEST_TTL_SECONDS };
  });
}

const callbackQuery = z.object({
  state: z.string().min(1).max(200).optional(),
  code: z.string().min(1).max(4_000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1_000).optional(),
});

/**
 * `GET /oauth2/callback`: where the provider sends the user's browser back. It carries no API token;
 * the one-time `state` (bound server-side to the credential and the PKCE verifier) is its proof.
 */
export function registerOAuth2CallbackRoute(app: FastifyInstance, context: CredentialRoutesContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(CALLBACK_PATH, { schema: { querystring: callbackQuery } }, async (request, reply) => {
    const { state, code, error } = request.query;
    if (state === undefined) throw new HttpError(400, 'invalid_oauth2_state', 'the callback carries no state');
    const keyring = await context.credentials.keyring();
    const pending = await takeOAuth2Request(context.database, keyring, state);
    if (pending === undefined) {
      throw new HttpError(400, 'invalid_oauth2_state', 'the state is unknown, already used or expired: start the authorization again');
    }
    if (error !== undefined) throw new HttpError(400, 'oauth2_denied', `the provider refused the authorization: ${providerError(request.query)}`);
    if (code === undefined) throw new HttpError(400, 'invalid_oauth2_callback', 'the callback carries neither a code nor an error');
    await inTransaction(context.database, async (client) => {
      const credential = await getCredential(client, keyring, pending.credentialId, true);
      const fields = oauth2AuthorizationCodeFields.parse(pickFields(credential.values));
      const tokens = await exchange(context, fields, code, pending, request.signal);
      await updateCredential(client, keyring, { ...credential, values: { ...pickFields(credential.values), ...tokens } });
    });
    return reply
      .type('text/html; charset=utf-8')
      .send('<!doctype html><title>Connected</title><p>The credential is connected. You can close this window.</p>');
  });
}

async function exchange(
  context: CredentialRoutesContext,
  fields: z.infer<typeof oauth2AuthorizationCodeFields>,
  code: string,
  pending: { redirectUri: string; codeVerifier: string },
  signal: AbortSignal,
) {
  try {
    const tokens = await requestToken({
      http: context.credentials.http,
      clock: context.credentials.clock,
      signal,
      tokenUrl: fields.tokenUrl,
      clientId: fields.clientId,
      clientSecret: fields.clientSecret,
      form: { grant_type: 'authorization_code', code, redirect_uri: pending.redirectUri, code_verifier: pending.codeVerifier },
    });
    return tokenStateValues(tokens);
  } catch (error) {
    if (error instanceof NodeRunError) throw new HttpError(502, error.code, error.message);
    throw error;
  }
}

// Only the user's settings: tokens of an earlier connection are replaced, never mixed in.
function pickFields(values: Record<string, Json>): Record<string, Json> {
  const names = Object.keys(oauth2AuthorizationCodeFields.shape);
  return Object.fromEntries(Object.entries(values).filter(([name]) => names.includes(name)));
}

function providerError(query: z.infer<typeof callbackQuery>): string {
  const { error, error_description: description } = query;
  return description === undefined ? String(error) : `${String(error)} (${description})`;
}
