import type { Clock, HttpPort, Json } from '@weft/engine';
import { z } from 'zod';

/** What a credential type's `prepare` works with; values are the stored ones, decrypted. */
export interface CredentialPrepareContext {
  values: Record<string, Json>;
  http: HttpPort;
  clock: Clock;
  signal: AbortSignal;
  /** A service refused the current values: obtain new ones even when they look fresh. */
  force: boolean;
}

/** A kind of credential (an API key, an OAuth2 client…), as packs declare it. */
export interface CredentialType {
  /** `<pack>.<name>`, e.g. `core.bearer`. */
  id: string;
  displayName: string;
  description: string;
  /** What a user fills in; checked on create and update. */
  fields: z.ZodObject;
  /** Values Weft obtains and keeps itself (OAuth2 tokens); never accepted from a user. */
  state: z.ZodObject | undefined;
  /** Field and state names whose values never leave the server and are redacted from step records. */
  secretFields: readonly string[];
  /** Other spellings of the secrets a service may echo back (basic auth's base64 of user:password). */
  derivedSecrets?(values: Record<string, Json>): string[];
  /** Brings the state up to date before a node uses the credential; returns state to store when it changed. */
  prepare?(context: CredentialPrepareContext): Promise<Record<string, Json> | undefined>;
}

export interface CredentialSpec<Shape extends z.core.$ZodShape, StateShape extends z.core.$ZodShape> {
  id: string;
  displayName: string;
  description: string;
  fields: z.ZodObject<Shape>;
  state?: z.ZodObject<StateShape>;
  secretFields: readonly ((keyof Shape | keyof StateShape) & string)[];
  derivedSecrets?(values: Record<string, Json>): string[];
  prepare?(context: CredentialPrepareContext): Promise<Record<string, Json> | undefined>;
}

/** Declares a credential type. The result is frozen; secret fields are marked `writeOnly` in its JSON Schema. */
export function defineCredential<Shape extends z.core.$ZodShape, StateShape extends z.core.$ZodShape = Record<never, never>>(
  spec: CredentialSpec<Shape, StateShape>,
): CredentialType {
  if (!/^[a-z][a-z0-9-]*\.[A-Za-z][A-Za-z0-9]*$/.test(spec.id)) throw new Error(`credential type id "${spec.id}" must look like <pack>.<name>`);
  const known = new Set([...Object.keys(spec.fields.shape), ...Object.keys(spec.state?.shape ?? {})]);
  const unknown = spec.secretFields.filter((name) => !known.has(name));
  if (unknown.length > 0) throw new Error(`credential type ${spec.id} marks unknown fields secret: ${unknown.join(', ')}`);
  return Object.freeze({
    id: spec.id,
    displayName: spec.displayName,
    description: spec.description,
    fields: spec.fields,
    state: spec.state,
    secretFields: Object.freeze([...spec.secretFields]),
    ...(spec.derivedSecrets === undefined ? {} : { derivedSecrets: spec.derivedSecrets }),
    ...(spec.prepare === undefined ? {} : { prepare: spec.prepare }),
  });
}

/** The JSON Schema of what a user fills in; secret fields carry `writeOnly: true`. */
export function credentialFieldsJsonSchema(type: CredentialType): Record<string, unknown> {
  const schema = z.toJSONSchema(type.fields, { io: 'input', unrepresentable: 'any' });
  const properties = schema.properties;
  if (properties === undefined) return schema;
  for (const name of type.secretFields) {
    const property = properties[name];
    if (typeof property === 'object') properties[name] = { ...property, writeOnly: true };
  }
  return schema;
}

/** Every string that must be redacted once `values` of `type` have been handed to a node. */
export function credentialSecrets(type: CredentialType, values: Record<string, Json>): string[] {
  const secrets = type.secretFields.map((name) => values[name]).filter((value): value is string => typeof value === 'string' && value !== '');
  return [...secrets, ...(type.derivedSecrets?.(values) ?? [])];
}

export interface CredentialTypeRegistry {
  get(id: string): CredentialType | undefined;
  all(): readonly CredentialType[];
}

export function createCredentialTypeRegistry(types: readonly CredentialType[]): CredentialTypeRegistry {
  const byId = new Map<string, CredentialType>();
  for (const type of types) {
    if (byId.has(type.id)) throw new Error(`credential type ${type.id} is defined twice`);
    byId.set(type.id, type);
  }
  return { get: (id) => byId.get(id), all: () => [...byId.values()] };
}
