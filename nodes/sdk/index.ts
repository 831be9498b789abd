export { defineNode, type NodeSpec } from './define-node.ts';
export { definePack, type Pack, SDK_API_VERSION } from './define-pack.ts';
export { expressionField } from './expression-field.ts';
export { lowercaseKeys } from './headers.ts';
