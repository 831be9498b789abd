import type { CredentialType } from '../../sdk/index.ts';
import { oauth2AuthorizationCodeCredential, oauth2ClientCredentialsCredential } from './oauth2-types.ts';
import { apiKeyCredential, basicCredential, bearerCredential, hmacSecretCredential } from './simple-types.ts';

export { authHeaders, HTTP_AUTH_TYPES, isRenewable } from './auth-headers.ts';
export { oauth2AuthorizationCodeFields } from './oauth2-types.ts';
export { type OAuth2TokenState, requestToken, tokenStateValues } from './oauth2-token-request.ts';

/** The credential types of the core pack. */
export const coreCredentialTypes: readonly CredentialType[] = [
  apiKeyCredential,
  bearerCredential,
  basicCredential,
  hmacSecretCredential,
  oauth2AuthorizationCodeCredential,
  oauth2ClientCredentialsCredential,
];
