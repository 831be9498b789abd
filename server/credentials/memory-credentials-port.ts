import type { CredentialRequest, CredentialsPort, Json, ResolvedCredential } from '@weft/engine';
import type { CredentialTypeRegistry } from '@weft/nodes/sdk';
import { acceptedType, notFound, type PrepareTools, preparedValues, resolvedOf } from './resolve-credential.ts';

export interface StoredCredential {
  type: string;
  values: Record<string, Json>;
}

export interface MemoryCredentialsOptions extends PrepareTools {
  types: CredentialTypeRegistry;
  /** Credentials by id; renewed OAuth2 tokens are written back into this map. */
  credentials: Map<string, StoredCredential>;
}

/** Credentials kept in a Map, for the CLI and tests: the same checks and renewals as the server, no storage. */
export function createMemoryCredentialsPort(options: MemoryCredentialsOptions): CredentialsPort {
  const resolve = async (request: CredentialRequest, force: boolean): Promise<ResolvedCredential> => {
    const stored = options.credentials.get(request.credentialId);
    if (stored === undefined) throw notFound(request.credentialId);
    const type = acceptedType(options.types, { id: request.credentialId, type: stored.type }, request.acceptedTypes);
    const next = await preparedValues(type, stored.values, options, request.signal, force);
    if (next !== undefined) options.credentials.set(request.credentialId, { type: stored.type, values: next });
    return resolvedOf(type, next ?? stored.values);
  };
  return { resolve: (request) => resolve(request, false), refresh: (request) => resolve(request, true) };
}
