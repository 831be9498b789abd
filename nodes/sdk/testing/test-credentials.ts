import { type CredentialsPort, type Json, NodeRunError } from '@weft/engine';

/** A credential as a node test hands it over: its type id and its values, already decrypted. */
export interface TestCredential {
  type: string;
  values: Record<string, Json>;
}

/**
 * Credentials by id, kept as given: refreshing returns the same values, and no value is treated as
 * secret (a test may assert on what the node echoes). A slot accepting other types is refused, as
 * a Weft server would.
 */
export function testCredentialsPort(credentials: Readonly<Record<string, TestCredential>>): CredentialsPort {
  const resolve: CredentialsPort['resolve'] = async ({ credentialId, acceptedTypes }) => {
    const credential = credentials[credentialId];
    if (credential === undefined) throw new NodeRunError('credential_not_found', `no test credential "${credentialId}"`);
    if (!acceptedTypes.includes(credential.type)) {
      throw new NodeRunError('invalid_credentials', `the slot accepts ${acceptedTypes.join(' or ')}, not ${credential.type}`);
    }
    return { type: credential.type, values: credential.values, secrets: [] };
  };
  return { resolve, refresh: resolve };
}
