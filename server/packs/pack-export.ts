import type { Json, NodeDefinition, NodeMigration } from '@weft/engine';
import type { CredentialType, Pack } from '@weft/nodes/sdk';
import { z } from 'zod';
import { PackError } from './pack-errors.ts';

// Packs are plain JavaScript: nothing but this check stands between a typo and the engine.
const functionSchema = <F>() => z.custom<F>((value) => typeof value === 'function', { error: 'must be a function' });
const zodObjectSchema = z.custom<z.ZodObject>((value) => value instanceof z.ZodObject, { error: 'must be a zod object schema' });

const nodeSchema = z.object({
  type: z.string().min(1),
  typeVersion: z.int().positive(),
  displayName: z.string(),
  description: z.string(),
  category: z.string(),
  icon: z.string().optional(),
  trigger: z.boolean(),
  params: z.custom<z.ZodType>((value) => value instanceof z.ZodType, { error: 'must be a zod schema' }),
  inputs: z.array(z.string()).readonly(),
  outputs: z.array(z.string()).readonly(),
  sample: z.custom<Json>().optional(),
  credentials: z.record(z.string(), z.object({ types: z.array(z.string()).readonly(), optional: z.boolean() })).optional(),
  joinsBranches: z.boolean().optional(),
  loop: z.object({ bodyPort: z.string(), donePort: z.string() }).optional(),
  sideEffects: z.boolean().optional(),
  migrations: z.array(z.object({ fromVersion: z.int().positive(), up: functionSchema<NodeMigration['up']>() })).readonly().optional(),
  run: functionSchema<NodeDefinition['run']>(),
});

const credentialTypeSchema = z.object({
  id: z.string().min(1),
  displayName: z.string(),
  description: z.string(),
  fields: zodObjectSchema,
  state: zodObjectSchema.optional(),
  secretFields: z.array(z.string()).readonly(),
  derivedSecrets: functionSchema<NonNullable<CredentialType['derivedSecrets']>>().optional(),
  prepare: functionSchema<NonNullable<CredentialType['prepare']>>().optional(),
});

const packSchema = z.object(
  {
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes'),
    displayName: z.string().min(1),
    nodes: z.array(nodeSchema).readonly(),
    credentials: z.array(credentialTypeSchema).readonly().optional(),
  },
  { error: 'the entry module must export `pack = definePack({ id, displayName, nodes, credentials })`' },
);

/** Checks what a pack's entry module exports and returns its pack, with ids kept in its namespace. */
export function packFromModule(exports: unknown): Pack {
  const parsed = z.object({ pack: packSchema }, { error: 'the entry module exports nothing' }).safeParse(exports);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => (issue.path.length === 0 ? issue.message : `${issue.path.join('.')} ${issue.message}`));
    throw new PackError('invalid_pack', issues.join('; '));
  }
  const pack = parsed.data.pack;
  const foreign = [...pack.nodes.map((node) => node.type), ...(pack.credentials ?? []).map((type) => type.id)].filter((id) => !id.startsWith(`${pack.id}.`));
  if (foreign.length > 0) throw new PackError('outside_namespace', `pack ${pack.id} declares ids outside its namespace "${pack.id}.": ${foreign.join(', ')}`);
  // CredentialType states `state` always, as undefined when there is none.
  return { ...pack, credentials: (pack.credentials ?? []).map((type) => ({ ...type, state: type.state })) };
}
