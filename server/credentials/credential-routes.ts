import { ValidationError } from '@weft/engine';
import { type CredentialType, credentialFieldsJsonSchema } from '@weft/nodes/sdk';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CredentialServices } from './credential-services.ts';
import { checkValues, credentialView, mergeValues } from './credential-values.ts';
import { deleteCredential, getCredential, insertCredential, listCredentials, updateCredential } from './credentials-repo.ts';
import { rateLimitSchema } from './rate-limit-setting.ts';
import type { Database } from '../storage/database.ts';

export interface CredentialRoutesContext {
  database: Database;
  credentials: CredentialServices;
}

const idParams = z.object({ id: z.string().min(1).max(100) });
const nameSchema = z.string().trim().min(1).max(200);
const valuesSchema = z.record(z.string(), z.unknown());
// null removes the limit; left out of an update, the limit stays as it is.
const createBody = z.strictObject({ type: z.string().min(1), name: nameSchema, values: valuesSchema, rateLimit: rateLimitSchema.nullable().default(null) });
const updateBody = z.strictObject({ name: nameSchema.optional(), values: valuesSchema.default({}), rateLimit: rateLimitSchema.nullable().optional() });

/** Credential types and stored credentials. No answer ever carries a secret value. */
export function registerCredentialRoutes(app: FastifyInstance, context: CredentialRoutesContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { database, credentials } = context;
  const typeOf = (id: string) => credentials.types.get(id);

  api.get('/api/credential-types', async () => ({ items: credentials.types.all().map(typeView) }));

  api.get('/api/credentials', async () => {
    const keyring = await credentials.keyring();
    return { items: (await listCredentials(database, keyring)).map((record) => credentialView(record, typeOf(record.type))) };
  });

  api.post('/api/credentials', { schema: { body: createBody } }, async (request, reply) => {
    const type = typeOf(request.body.type);
    if (type === undefined) {
      const known = credentials.types.all().map((item) => item.id);
      throw new ValidationError('unknown_credential_type', `no credential type "${request.body.type}"; known types: ${known.join(', ')}`);
    }
    const values = checkValues(type, request.body.values);
    const { name, rateLimit } = request.body;
    const record = await insertCredential(database, await credentials.keyring(), { type: type.id, name, values, rateLimit });
    return reply.status(201).send(credentialView(record, type));
  });

  api.get('/api/credentials/:id', { schema: { params: idParams } }, async (request) => {
    const record = await getCredential(database, await credentials.keyring(), request.params.id);
    return credentialView(record, typeOf(record.type));
  });

  api.put('/api/credentials/:id', { schema: { params: idParams, body: updateBody } }, async (request) => {
    const keyring = await credentials.keyring();
    const record = await getCredential(database, keyring, request.params.id);
    const type = typeOf(record.type);
    if (type === undefined) throw new ValidationError('unknown_credential_type', `no installed pack provides the credential type ${record.type}`);
    const values = mergeValues(type, record.values, request.body.values);
    const { name = record.name, rateLimit = record.rateLimit } = request.body;
    const updated = await updateCredential(database, keyring, { ...record, name, values, rateLimit });
    return credentialView(updated, type);
  });

  api.delete('/api/credentials/:id', { schema: { params: idParams } }, async (request, reply) => {
    await deleteCredential(database, request.params.id);
    return reply.status(204).send();
  });
}

function typeView(type: CredentialType) {
  return {
    id: type.id,
    displayName: type.displayName,
    description: type.description,
    secretFields: type.secretFields,
    fieldsSchema: credentialFieldsJsonSchema(type),
  };
}
