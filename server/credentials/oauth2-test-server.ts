import { createHash, randomBytes } from 'node:crypto';
import { startLoopbackServer, type ReceivedRequest, type LoopbackReply } from '@weft/nodes/sdk/testing';

export interface OAuth2TestServer {
  url: string;
  clientId: string;
  clientSecret: string;
  /** Lifetime of the access tokens it issues from now on. */
  tokenLifetimeSeconds: number;
  /** Grants answered, by grant type, and resource calls refused: what the tests assert on. */
  grants: string[];
  refusedResourceCalls: number;
  /** Invalidates every access token issued so far, as a provider revoking them would. */
  revokeAccessTokens(): void;
  close(): Promise<void>;
}

interface PendingCode {
  redirectUri: string;
  challenge: string;
  scope: string;
}

/**
 * A small but real OAuth2 authorization server on loopback (RFC 6749 + PKCE S256): an authorize
 * endpoint that approves at once and redirects with a code, a token endpoint for the
 * authorization_code, refresh_token and client_credentials grants (client_secret_basic, rotating
 * refresh tokens), and a protected resource that checks the bearer token.
 */
export async function startOAuth2TestServer(): Promise<OAuth2TestServer> {
  const codes = new Map<string, PendingCode>();
  const accessTokens = new Set<string>();
  const refreshTokens = new Map<string, string>();
  const state = {
    url: '',
    clientId: 'weft-test-client',
    clientSecret: `client-secret-${randomBytes(8).toString('hex')}`,
    tokenLifetimeSeconds: 3600,
    grants: new Array<string>(),
    refusedResourceCalls: 0,
    revokeAccessTokens: () => accessTokens.clear(),
    close: async () => {},
  };

  const issue = (scope: string): LoopbackReply => {
    const accessToken = `at-${randomBytes(12).toString('hex')}`;
    const refreshToken = `rt-${randomBytes(12).toString('hex')}`;
    accessTokens.add(accessToken);
    refreshTokens.set(refreshToken, scope);
    return json(200, { access_token: accessToken, token_type: 'bearer', expires_in: state.tokenLifetimeSeconds, refresh_token: refreshToken, scope });
  };

  const token = (request: ReceivedRequest): LoopbackReply => {
    const expected = `Basic ${Buffer.from(`${state.clientId}:${state.clientSecret}`).toString('base64')}`;
    if (request.headers.authorization !== expected) return json(401, { error: 'invalid_client' });
    const form = new URLSearchParams(request.body);
    const grant = form.get('grant_type') ?? '';
    state.grants.push(grant);
    if (grant === 'authorization_code') {
      const pending = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const challenge = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url');
      if (pending === undefined || pending.redirectUri !== form.get('redirect_uri') || pending.challenge !== challenge) {
        return json(400, { error: 'invalid_grant', error_description: 'bad code, redirect_uri or code_verifier' });
      }
      return issue(pending.scope);
    }
    if (grant === 'refresh_token') {
      const scope = refreshTokens.get(form.get('refresh_token') ?? '');
      if (scope === undefined) return json(400, { error: 'invalid_grant', error_description: 'unknown refresh token' });
      refreshTokens.delete(form.get('refresh_token') ?? '');
      return issue(scope);
    }
    if (grant === 'client_credentials') return issue(form.get('scope') ?? '');
    return json(400, { error: 'unsupported_grant_type' });
  };

  const authorize = (request: ReceivedRequest): LoopbackReply => {
    const query = new URL(request.path, 'http://x').searchParams;
    const redirectUri = query.get('redirect_uri') ?? '';
    if (query.get('client_id') !== state.clientId || query.get('response_type') !== 'code' || query.get('code_challenge_method') !== 'S256') {
      return json(400, { error: 'invalid_request' });
    }
    const code = `code-${randomBytes(8).toString('hex')}`;
    codes.set(code, { redirectUri, challenge: query.get('code_challenge') ?? '', scope: query.get('scope') ?? '' });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    target.searchParams.set('state', query.get('state') ?? '');
    return { status: 302, headers: { location: target.toString() } };
  };

  const resource = (request: ReceivedRequest): LoopbackReply => {
    const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (bearer === undefined || !accessTokens.has(bearer)) {
      state.refusedResourceCalls += 1;
      return json(401, { error: 'invalid_token' });
    }
    return json(200, { ok: true, sawToken: bearer });
  };

  const server = await startLoopbackServer((request) => {
    const path = request.path.split('?')[0];
    if (path === '/authorize' && request.method === 'GET') return authorize(request);
    if (path === '/token' && request.method === 'POST') return token(request);
    if (path === '/resource') return resource(request);
    return json(404, { error: 'not_found' });
  });
  state.url = server.url;
  state.close = server.close;
  return state;
}

function json(status: number, body: unknown): LoopbackReply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
