// What a pack author needs from the engine, so a pack imports only @weft/nodes/sdk: the error that
// fails a step with a stable code (and says whether retrying may help), and the types nodes use.
export {
  type Json,
  type JsonObject,
  type NodeContext,
  type NodeCredential,
  type NodeDefinition,
  type NodeMigration,
  type NodeResult,
  NodeRunError,
} from '@weft/engine';
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
