import { NodeRunError } from '../errors.ts';
import type { PlannedNode } from '../graph/plan.ts';
import type { NodeCredential } from '../node-contract.ts';
import type { CredentialRequest, CredentialsPort, EnginePorts, ResolvedCredential } from '../ports.ts';

export interface StepCredentialsRequest {
  planned: PlannedNode;
  ports: EnginePorts;
  signal: AbortSignal;
  /** Collects every secret handed to the node, so the step record can be redacted afterwards. */
  secrets: Set<string>;
}

/** Asks the credentials port for each slot the flow filled, just before the node runs. */
export async function resolveStepCredentials(request: StepCredentialsRequest): Promise<Record<string, NodeCredential>> {
  const references = Object.entries(request.planned.node.credentials ?? {});
  if (references.length === 0) return {};
  const port = request.ports.credentials;
  if (port === undefined) {
    throw new NodeRunError('credentials_unavailable', `${request.planned.node.id} uses credentials, but this engine has no credential store`);
  }
  const resolved: Record<string, NodeCredential> = {};
  for (const [slotName, credentialId] of references) {
    const slot = request.planned.definition.credentials?.[slotName];
    if (slot === undefined) {
      throw new NodeRunError('invalid_credentials', `${request.planned.node.type} has no credential slot "${slotName}"`);
    }
    const credentialRequest: CredentialRequest = { credentialId, acceptedTypes: slot.types, signal: request.signal };
    resolved[slotName] = nodeCredential(await port.resolve(credentialRequest), port, credentialRequest, request.secrets);
  }
  return resolved;
}

function nodeCredential(credential: ResolvedCredential, port: CredentialsPort, request: CredentialRequest, secrets: Set<string>): NodeCredential {
  for (const secret of credential.secrets) secrets.add(secret);
  return {
    type: credential.type,
    values: credential.values,
    refresh: async () => nodeCredential(await port.refresh(request), port, request, secrets),
  };
}
