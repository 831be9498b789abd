import { type Clock, type HttpPort, type Json, NodeRunError } from '@weft/engine';
import { z } from 'zod';
import { basicToken } from './simple-types.ts';

/** Tokens as Weft keeps them (encrypted, as a credential's state). */
export const oauth2TokenState = z.object({
  accessToken: z.string(),
  tokenType: z.string(),
  refreshToken: z.string().optional(),
  /** ISO time the access token stops working; absent when the server did not say. */
  expiresAt: z.string().optional(),
});
export type OAuth2TokenState = z.infer<typeof oauth2TokenState>;

// A token this close to expiry is refreshed before use, so it cannot expire in flight.
export const REFRESH_MARGIN_MS = 60_000;

const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().default('Bearer'),
  expires_in: z.coerce.number().positive().optional(),
  refresh_token: z.string().min(1).optional(),
});

export interface TokenRequest {
  http: HttpPort;
  clock: Clock;
  signal: AbortSignal;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** The grant's form fields (grant_type, code, refresh_token, scope…). */
  form: Record<string, string>;
}

/** Calls an OAuth2 token endpoint (RFC 6749 §3.2) with client_secret_basic authentication. */
export async function requestToken(request: TokenRequest): Promise<OAuth2TokenState> {
  const client = basicToken(encodeURIComponent(request.clientId), encodeURIComponent(request.clientSecret));
  const response = await request.http.request({
    method: 'POST',
    url: request.tokenUrl,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', authorization: `Basic ${client}` },
    body: new URLSearchParams(request.form).toString(),
    timeoutMs: 30_000,
    signal: request.signal,
  });
  const body = parseJson(response.body);
  if (response.status < 200 || response.status >= 300) {
    const reason = z.object({ error: z.string(), error_description: z.string().optional() }).safeParse(body);
    const detail = reason.success ? `${reason.data.error}${reason.data.error_description === undefined ? '' : `: ${reason.data.error_description}`}` : `status ${response.status}`;
    throw new NodeRunError('oauth2_token_error', `the token endpoint refused the ${request.form.grant_type ?? ''} grant (${detail})`, {
      retryable: response.status >= 500,
      details: { status: response.status },
    });
  }
  const parsed = tokenResponse.safeParse(body);
  if (!parsed.success) throw new NodeRunError('oauth2_token_error', 'the token endpoint answered without an access_token');
  const { access_token, token_type, expires_in, refresh_token } = parsed.data;
  return {
    accessToken: access_token,
    tokenType: token_type,
    ...(refresh_token === undefined ? {} : { refreshToken: refresh_token }),
    ...(expires_in === undefined ? {} : { expiresAt: new Date(request.clock.now().getTime() + expires_in * 1000).toISOString() }),
  };
}

/** Whether stored tokens can be used as they are. */
export function isFresh(state: Partial<OAuth2TokenState>, clock: Clock): boolean {
  if (state.accessToken === undefined) return false;
  if (state.expiresAt === undefined) return true;
  return Date.parse(state.expiresAt) - clock.now().getTime() > REFRESH_MARGIN_MS;
}

/** The stored token state as JSON values to merge into the credential. */
export function tokenStateValues(state: OAuth2TokenState): Record<string, Json> {
  return Object.fromEntries(Object.entries(state).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
