import type { SecretStore } from '../app-context.ts';
import { findCredential } from '../credentials/credentials-repo.ts';
import type { Keyring } from '../credentials/keyring.ts';
import type { Queryable } from '../storage/database.ts';

const SECRET_TYPE = 'core.hmacSecret';

/**
 * Secrets decrypted from the credential store. Only `core.hmacSecret` credentials answer: pointing a
 * webhook at, say, an API key credential must not turn that key into a signing secret.
 */
export function createCredentialSecrets(options: { database: Queryable; keyring: () => Promise<Keyring> }): SecretStore {
  return {
    async secretOf(credentialId) {
      const credential = await findCredential(options.database, await options.keyring(), credentialId);
      if (credential === undefined || credential.type !== SECRET_TYPE) return undefined;
      const secret = credential.values.secret;
      return typeof secret === 'string' && secret !== '' ? secret : undefined;
    },
  };
}
