import { NodeRunError } from '@weft/engine';
import { z } from 'zod';
import { type CredentialPrepareContext, defineCredential } from '../../sdk/index.ts';
import { isFresh, requestToken, tokenStateValues } from './oauth2-token-request.ts';

const httpUrl = z.url({ protocol: /^https?$/ });
const scopes = z.array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'must be one OAuth2 scope')).default([]).meta({ title: 'Scopes' });
const tokenState = z.object({
  accessToken: z.string().optional(),
  tokenType: z.string().optional(),
  refreshToken: z.string().optional(),
  expiresAt: z.string().optional(),
});

const clientFields = {
  clientId: z.string().min(1).meta({ title: 'Client ID' }),
  clientSecret: z.string().min(1).meta({ title: 'Client secret' }),
  tokenUrl: httpUrl.meta({ title: 'Token URL' }),
  scopes,
};

export const oauth2AuthorizationCodeFields = z.strictObject({ ...clientFields, authorizeUrl: httpUrl.meta({ title: 'Authorize URL' }) });

export const oauth2AuthorizationCodeCredential = defineCredential({
  id: 'core.oauth2AuthorizationCode',
  displayName: 'OAuth2 (authorization code)',
  description:
    'An OAuth2 client that acts for a user. After saving it, connect it: open the URL from GET /api/credentials/:id/oauth2/authorize and approve.',
  fields: oauth2AuthorizationCodeFields,
  state: tokenState,
  secretFields: ['clientSecret', 'accessToken', 'refreshToken'],
  prepare: async (context) => {
    const values = oauth2AuthorizationCodeFields.extend(tokenState.shape).parse(context.values);
    if (values.accessToken === undefined) {
      throw new NodeRunError('credential_not_connected', 'this OAuth2 credential is not connected yet: authorize it first');
    }
    if (!context.force && isFresh(values, context.clock)) return undefined;
    if (values.refreshToken === undefined) {
      throw new NodeRunError('credential_expired', 'the OAuth2 access token expired and there is no refresh token: authorize the credential again');
    }
    const fresh = await requestToken({
      ...tokenClient(context, values),
      form: { grant_type: 'refresh_token', refresh_token: values.refreshToken },
    });
    // Servers that do not rotate refresh tokens leave the old one valid.
    return tokenStateValues({ ...fresh, refreshToken: fresh.refreshToken ?? values.refreshToken });
  },
});

const clientCredentialsFields = z.strictObject(clientFields);

export const oauth2ClientCredentialsCredential = defineCredential({
  id: 'core.oauth2ClientCredentials',
  displayName: 'OAuth2 (client credentials)',
  description: 'An OAuth2 client acting as itself: Weft obtains and renews its access token.',
  fields: clientCredentialsFields,
  state: tokenState,
  secretFields: ['clientSecret', 'accessToken', 'refreshToken'],
  prepare: async (context) => {
    const values = clientCredentialsFields.extend(tokenState.shape).parse(context.values);
    if (!context.force && isFresh(values, context.clock)) return undefined;
    const scope = values.scopes.join(' ');
    const fresh = await requestToken({
      ...tokenClient(context, values),
      form: { grant_type: 'client_credentials', ...(scope === '' ? {} : { scope }) },
    });
    return tokenStateValues(fresh);
  },
});

function tokenClient(context: CredentialPrepareContext, values: { tokenUrl: string; clientId: string; clientSecret: string }) {
  return {
    http: context.http,
    clock: context.clock,
    signal: context.signal,
    tokenUrl: values.tokenUrl,
    clientId: values.clientId,
    clientSecret: values.clientSecret,
  };
}
