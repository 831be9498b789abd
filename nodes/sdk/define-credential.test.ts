import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { basicCredential } from '../core/credentials/simple-types.ts';
import type { Json } from '@weft/engine';
import { type CredentialType, credentialFieldsJsonSchema, credentialSecrets, defineCredential } from './define-credential.ts';
import { type CredentialSlotSpec, defineNode } from './define-node.ts';
import { definePack } from './define-pack.ts';

const tokenType = defineCredential({
  id: 'acme.token',
  displayName: 'Acme token',
  description: 'A token for Acme.',
  fields: z.strictObject({ account: z.string(), token: z.string().min(1) }),
  secretFields: ['token'],
});

describe('defineCredential', () => {
  const base = { displayName: 'x', description: 'x', fields: z.strictObject({ token: z.string() }) };
  it.each([
    { name: 'an id outside any pack', define: () => defineCredential({ ...base, id: 'token', secretFields: [] }), message: 'must look like <pack>.<name>' },
    {
      name: 'a secret field it does not have',
      // With a shape only known as "some fields" (as in a pack written in plain JavaScript), the runtime check is what stops it.
      define: () => defineCredential<z.core.$ZodShape, z.core.$ZodShape>({ ...base, id: 'acme.x', secretFields: ['nope'] }),
      message: 'marks unknown fields secret: nope',
    },
  ])('refuses $name', ({ define, message }) => {
    expect(define).toThrow(message);
  });

  it('marks secret fields writeOnly in the JSON Schema, and only those', () => {
    const schema = credentialFieldsJsonSchema(tokenType);
    expect(schema.properties).toEqual({ account: { type: 'string' }, token: { type: 'string', minLength: 1, writeOnly: true } });
  });

  it.each<{ name: string; type: CredentialType; values: Record<string, Json>; expected: string[] }>([
    { name: 'the secret fields that are set', type: tokenType, values: { account: 'a1', token: 'tk' }, expected: ['tk'] },
    { name: 'nothing for an empty secret', type: tokenType, values: { account: 'a1', token: '' }, expected: [] },
    { name: 'derived spellings (basic auth header)', type: basicCredential, values: { username: 'u', password: 'p' }, expected: ['p', 'dTpw'] },
  ])('lists $name as secrets to redact', ({ type, values, expected }) => {
    expect(credentialSecrets(type, values)).toEqual(expected);
  });
});

describe('credential slots and packs', () => {
  it.each<{ spec: CredentialSlotSpec; types: string[]; optional: boolean }>([
    { spec: 'acme.token', types: ['acme.token'], optional: false },
    { spec: ['acme.token', 'core.bearer'], types: ['acme.token', 'core.bearer'], optional: false },
    { spec: { types: 'acme.token', optional: true }, types: ['acme.token'], optional: true },
  ])('normalises the slot $spec', ({ spec, types, optional }) => {
    const node = defineNode({
      type: 'acme.call',
      typeVersion: 1,
      displayName: 'Call',
      description: 'Calls Acme.',
      category: 'Actions',
      params: z.strictObject({}),
      credentials: { account: spec },
      run: async () => ({ output: null }),
    });
    expect(node.credentials).toEqual({ account: { types, optional } });
  });

  it('keeps a pack’s credential types in its namespace', () => {
    expect(definePack({ id: 'acme', displayName: 'Acme', nodes: [], credentials: [tokenType] }).credentials).toEqual([tokenType]);
    expect(() => definePack({ id: 'other', displayName: 'Other', nodes: [], credentials: [tokenType] })).toThrow('outside its namespace: acme.token');
  });
});
