import type { CredentialRequest, CredentialsPort, ResolvedCredential } from '@weft/engine';
import type { CredentialTypeRegistry } from '@weft/nodes/sdk';
import { type Database, inTransaction } from '../storage/database.ts';
import { findCredential, getCredential, updateCredential } from './credentials-repo.ts';
import type { Keyring } from './keyring.ts';
import { acceptedType, notFound, type PrepareTools, preparedValues, resolvedOf } from './resolve-credential.ts';

export interface DatabaseCredentialsOptions extends PrepareTools {
  database: Database;
  keyring: () => Promise<Keyring>;
  types: CredentialTypeRegistry;
}

/** Credentials decrypted from PostgreSQL for the step that uses them; renewed tokens are sealed and stored. */
export function createDatabaseCredentialsPort(options: DatabaseCredentialsOptions): CredentialsPort {
  return {
    resolve: (request) => resolve(options, request, false),
    refresh: (request) => resolve(options, request, true),
  };
}

async function resolve(options: DatabaseCredentialsOptions, request: CredentialRequest, force: boolean): Promise<ResolvedCredential> {
  const keyring = await options.keyring();
  const credential = await findCredential(options.database, keyring, request.credentialId);
  if (credential === undefined) throw notFound(request.credentialId);
  const type = acceptedType(options.types, credential, request.acceptedTypes);
  if (type.prepare === undefined) return resolvedOf(type, credential.values);
  // Renewal runs under the row's lock: concurrent steps then reuse one fresh token instead of
  // each spending the refresh token (which many servers rotate, invalidating the others).
  const values = await inTransaction(options.database, async (client) => {
    const locked = await getCredential(client, keyring, credential.id, true);
    const next = await preparedValues(type, locked.values, options, request.signal, force);
    if (next === undefined) return locked.values;
    await updateCredential(client, keyring, { ...locked, values: next });
    return next;
  });
  return resolvedOf(type, values);
}
