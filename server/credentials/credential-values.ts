import { type Json, ValidationError } from '@weft/engine';
import type { CredentialType } from '@weft/nodes/sdk';
import { z } from 'zod';
import type { CredentialRecord } from './credentials-repo.ts';

const jsonRecord = z.record(z.string(), z.json());

/** Checks what a user sent against the type's fields; 422 with the path of every bad value. */
export function checkValues(type: CredentialType, values: unknown): Record<string, Json> {
  const parsed = type.fields.safeParse(values);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: ['values', ...issue.path.map(String)].join('.'),
      message: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
    }));
    throw new ValidationError(
      'invalid_credential_values',
      `the values do not fit ${type.id}: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
      { details: { issues } },
    );
  }
  return jsonRecord.parse(parsed.data);
}

/**
 * An update merged over the stored values: fields left out keep their value, so a client can change
 * a name or URL without ever having seen the secret. State Weft obtained itself (OAuth2 tokens)
 * belongs to the settings it was obtained with and is dropped when any field changes.
 */
export function mergeValues(type: CredentialType, stored: Record<string, Json>, update: Record<string, unknown>): Record<string, Json> {
  const fieldNames = Object.keys(type.fields.shape);
  const storedFields = Object.fromEntries(Object.entries(stored).filter(([name]) => fieldNames.includes(name)));
  const merged = checkValues(type, { ...storedFields, ...update });
  const state = Object.fromEntries(Object.entries(stored).filter(([name]) => !fieldNames.includes(name)));
  return JSON.stringify(merged) === JSON.stringify(checkValues(type, storedFields)) ? { ...merged, ...state } : merged;
}

/** What a client may see of a credential: which fields are set, and the values of non-secret ones only. */
export function credentialView(record: CredentialRecord, type: CredentialType | undefined) {
  const names = type === undefined ? Object.keys(record.values) : [...Object.keys(type.fields.shape), ...Object.keys(type.state?.shape ?? {})];
  const fields: Record<string, { set: boolean; value?: Json }> = {};
  for (const name of names) {
    const value = record.values[name];
    const secret = type === undefined || type.secretFields.includes(name);
    fields[name] = value === undefined ? { set: false } : secret ? { set: true } : { set: true, value };
  }
  return {
    id: record.id,
    type: record.type,
    name: record.name,
    fields,
    rateLimit: record.rateLimit,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    ...(record.problem === undefined ? {} : { problem: record.problem }),
  };
}
