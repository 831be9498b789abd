export {
  type CredentialPrepareContext,
  type CredentialSpec,
  type CredentialType,
  type CredentialTypeRegistry,
  createCredentialTypeRegistry,
  credentialFieldsJsonSchema,
  credentialSecrets,
  defineCredential,
} from './define-credential.ts';
export { type CredentialSlotSpec, defineNode, type NodeSpec } from './define-node.ts';
export { definePack, type Pack, SDK_API_VERSION } from './define-pack.ts';
export { expressionField } from './expression-field.ts';
export { lowercaseKeys } from './headers.ts';
