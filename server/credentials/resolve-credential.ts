import { type Clock, type HttpPort, type Json, NodeRunError, type ResolvedCredential } from '@weft/engine';
import { type CredentialType, type CredentialTypeRegistry, credentialSecrets } from '@weft/nodes/sdk';

/** What a credential type's `prepare` may use to renew tokens. */
export interface PrepareTools {
  http: HttpPort;
  clock: Clock;
}

/** The type of a stored credential, once it is known to fit the node's slot. */
export function acceptedType(
  types: CredentialTypeRegistry,
  credential: { id: string; type: string },
  acceptedTypes: readonly string[],
): CredentialType {
  if (!acceptedTypes.includes(credential.type)) {
    throw new NodeRunError(
      'credential_type_mismatch',
      `credential "${credential.id}" is a ${credential.type}; this slot takes ${acceptedTypes.join(' or ')}`,
    );
  }
  const type = types.get(credential.type);
  if (type === undefined) throw new NodeRunError('unknown_credential_type', `no installed pack provides the credential type ${credential.type}`);
  return type;
}

/** The values after the type brought its state up to date, or undefined when nothing changed. */
export async function preparedValues(
  type: CredentialType,
  values: Record<string, Json>,
  tools: PrepareTools,
  signal: AbortSignal,
  force: boolean,
): Promise<Record<string, Json> | undefined> {
  if (type.prepare === undefined) return undefined;
  const state = await type.prepare({ values, http: tools.http, clock: tools.clock, signal, force });
  return state === undefined ? undefined : { ...values, ...state };
}

export function resolvedOf(type: CredentialType, values: Record<string, Json>): ResolvedCredential {
  return { type: type.id, values, secrets: credentialSecrets(type, values) };
}

export function notFound(credentialId: string): NodeRunError {
  return new NodeRunError('credential_not_found', `no credential "${credentialId}": create it or pick another in the node's settings`);
}
