import { NodeRunError, type NodeCredential } from '@weft/engine';
import { z } from 'zod';
import { basicToken } from './simple-types.ts';

/** The credential types an HTTP call can authenticate with. */
export const HTTP_AUTH_TYPES = ['core.apiKey', 'core.bearer', 'core.basic', 'core.oauth2AuthorizationCode', 'core.oauth2ClientCredentials'] as const;

/** The request headers (lowercase names) that authenticate a call with `credential`. */
export function authHeaders(credential: NodeCredential): Record<string, string> {
  const values = credential.values;
  switch (credential.type) {
    case 'core.apiKey': {
      const { headerName, key } = z.object({ headerName: z.string(), key: z.string() }).parse(values);
      return { [headerName.toLowerCase()]: key };
    }
    case 'core.bearer':
      return { authorization: `Bearer ${z.object({ token: z.string() }).parse(values).token}` };
    case 'core.basic': {
      const { username, password } = z.object({ username: z.string(), password: z.string() }).parse(values);
      return { authorization: `Basic ${basicToken(username, password)}` };
    }
    case 'core.oauth2AuthorizationCode':
    case 'core.oauth2ClientCredentials': {
      const { accessToken, tokenType } = z.object({ accessToken: z.string(), tokenType: z.string().default('Bearer') }).parse(values);
      // Servers answer token_type in any case ("bearer"); the header scheme is conventionally "Bearer".
      const scheme = tokenType.toLowerCase() === 'bearer' ? 'Bearer' : tokenType;
      return { authorization: `${scheme} ${accessToken}` };
    }
    default:
      throw new NodeRunError('unsupported_credential', `an HTTP call cannot authenticate with a ${credential.type} credential`);
  }
}

/** Whether a 401 may go away with fresh values (only OAuth2 tokens can be renewed). */
export function isRenewable(credential: NodeCredential): boolean {
  return credential.type === 'core.oauth2AuthorizationCode' || credential.type === 'core.oauth2ClientCredentials';
}
