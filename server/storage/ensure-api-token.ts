import type { Queryable } from './database.ts';
import { countTokens, generateToken, storeToken } from './api-tokens-repo.ts';

/**
 * Makes sure the API can be used: a token from the environment is registered; with none, a token
 * is generated on the very first start and returned so it can be shown once (only its hash is kept).
 */
export async function ensureApiToken(database: Queryable, configured: string | undefined): Promise<string | undefined> {
  if (configured !== undefined) {
    await storeToken(database, configured, 'WEFT_API_TOKEN');
    return undefined;
  }
  if ((await countTokens(database)) > 0) return undefined;
  const token = generateToken();
  await storeToken(database, token, 'generated at first start');
  return token;
}
