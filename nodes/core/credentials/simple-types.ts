import { z } from 'zod';
import { defineCredential } from '../../sdk/index.ts';

export const apiKeyCredential = defineCredential({
  id: 'core.apiKey',
  displayName: 'API key',
  description: 'A key sent in a request header of your choice.',
  fields: z.strictObject({
    headerName: z
      .string()
      .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'must be an HTTP header name')
      .default('X-API-Key')
      .meta({ title: 'Header name' }),
    key: z.string().min(1).meta({ title: 'Key' }),
  }),
  secretFields: ['key'],
});

export const bearerCredential = defineCredential({
  id: 'core.bearer',
  displayName: 'Bearer token',
  description: 'A token sent as "Authorization: Bearer <token>".',
  fields: z.strictObject({ token: z.string().min(1).meta({ title: 'Token' }) }),
  secretFields: ['token'],
});

export const basicCredential = defineCredential({
  id: 'core.basic',
  displayName: 'Basic auth',
  description: 'A user name and password sent as "Authorization: Basic …".',
  fields: z.strictObject({
    username: z.string().min(1).regex(/^[^:]*$/, 'must not contain ":"').meta({ title: 'User name' }),
    password: z.string().min(1).meta({ title: 'Password' }),
  }),
  secretFields: ['password'],
  // The header carries user:password base64-encoded; a service echoing it back must not leak it.
  derivedSecrets: (values) => [basicToken(String(values.username ?? ''), String(values.password ?? ''))],
});

export const hmacSecretCredential = defineCredential({
  id: 'core.hmacSecret',
  displayName: 'HMAC secret',
  description: 'A shared secret for signing or verifying messages.',
  fields: z.strictObject({ secret: z.string().min(1).meta({ title: 'Secret' }) }),
  secretFields: ['secret'],
});

export function basicToken(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
}
