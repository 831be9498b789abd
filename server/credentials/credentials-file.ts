import { type Json, ValidationError } from '@weft/engine';
import type { CredentialTypeRegistry } from '@weft/nodes/sdk';
import { z } from 'zod';
import { readJsonFile } from '../cli/read-json-file.ts';
import { checkValues } from './credential-values.ts';
import type { StoredCredential } from './memory-credentials-port.ts';

const fileSchema = z.record(z.string().min(1), z.strictObject({ type: z.string(), values: z.record(z.string(), z.json()) }));

/**
 * Credentials for `weft run --credentials <file>`: `{ "<credential id>": { "type", "values" } }`,
 * each checked against its type as the API checks them. Returns a message fit for a terminal when
 * the file does not fit.
 */
export function credentialsFromJson(value: Json, types: CredentialTypeRegistry): Map<string, StoredCredential> | string {
  const parsed = fileSchema.safeParse(value);
  if (!parsed.success) return `the credentials file must map ids to { type, values }: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`;
  const credentials = new Map<string, StoredCredential>();
  for (const [id, credential] of Object.entries(parsed.data)) {
    const type = types.get(credential.type);
    if (type === undefined) return `credential "${id}": no credential type "${credential.type}"`;
    try {
      credentials.set(id, { type: type.id, values: checkValues(type, credential.values) });
    } catch (error) {
      if (error instanceof ValidationError) return `credential "${id}": ${error.message}`;
      throw error;
    }
  }
  return credentials;
}

/** Reads `weft run --credentials <file>`; no path means no credentials. A string is what went wrong. */
export async function loadCliCredentials(path: string | undefined, types: CredentialTypeRegistry): Promise<Map<string, StoredCredential> | string> {
  if (path === undefined) return new Map();
  const file = await readJsonFile(path);
  if (!file.ok) return file.message;
  const credentials = credentialsFromJson(file.value, types);
  return typeof credentials === 'string' ? `${path}: ${credentials}` : credentials;
}
