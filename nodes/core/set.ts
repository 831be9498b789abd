import { type Json, type JsonObject, NodeRunError, isJsonObject, jsonSchema } from '@weft/engine';
import { z } from 'zod';
import { defineNode, expressionField } from '../sdk/index.ts';
import { fieldPathSchema, kindOf, takeAt, valueAt, writeAt } from './field-path.ts';

const pathField = (title: string, description: string) => fieldPathSchema.meta({ title, description });

const operation = z.discriminatedUnion('op', [
  z.strictObject({
    op: z.literal('set').meta({ title: 'Set a field' }),
    path: pathField('Field', 'Dotted path, e.g. customer.name; missing objects on the way are created.'),
    value: expressionField(jsonSchema.default(null), 'The value: any JSON, or a JSONata expression starting with =, e.g. =$.body.id').meta({
      title: 'Value',
    }),
  }),
  z.strictObject({
    op: z.literal('rename').meta({ title: 'Rename a field' }),
    from: pathField('From', 'The field to move; nothing happens when it is missing.'),
    to: pathField('To', 'Where it goes, e.g. contact.email.'),
  }),
  z.strictObject({
    op: z.literal('remove').meta({ title: 'Remove a field' }),
    path: pathField('Field', 'The field to remove; nothing happens when it is missing.'),
  }),
]);

type Operation = z.infer<typeof operation>;

export const setNode = defineNode({
  type: 'core.set',
  typeVersion: 1,
  displayName: 'Edit fields',
  description:
    'Sets, renames and removes fields of the input object, in order, without writing a whole template. Fields are dotted paths (customer.email); values may be JSONata expressions starting with =. Turn off "Keep other fields" to output only the fields set or renamed here.',
  category: 'Transform',
  icon: 'pencil',
  params: z.strictObject({
    operations: z.array(operation).default([]).meta({ title: 'Operations', description: 'Applied one after another.' }),
    keepOthers: z.boolean().default(true).meta({ title: 'Keep other fields', description: 'Off: the output holds only the fields set or renamed here.' }),
  }),
  sample: { orderId: 1001, customer: { email: 'ada@example.com' } },
  run: async ({ params, input }) => {
    const working = startingObject(input);
    const written: string[] = [];
    params.operations.forEach((step, index) => {
      try {
        const target = apply(working, step);
        if (target !== undefined) written.push(target);
      } catch (error) {
        if (!(error instanceof NodeRunError)) throw error;
        const details = error.details === undefined ? {} : { details: error.details };
        throw new NodeRunError(error.code, `operations.${index}: ${error.message}`, details);
      }
    });
    return { output: params.keepOthers ? working : pick(working, written) };
  },
});

function startingObject(input: Json): JsonObject {
  if (input === null) return {};
  if (!isJsonObject(input)) throw new NodeRunError('invalid_input', `Edit fields works on an object, but its input is ${kindOf(input)}`);
  return structuredClone(input);
}

/** Applies one operation; returns the path it wrote, if any. */
function apply(working: JsonObject, step: Operation): string | undefined {
  switch (step.op) {
    case 'set':
      writeAt(working, step.path, step.value);
      return step.path;
    case 'rename': {
      const value = takeAt(working, step.from);
      if (value === undefined) return undefined;
      writeAt(working, step.to, value);
      return step.to;
    }
    case 'remove':
      takeAt(working, step.path);
      return undefined;
  }
}

function pick(working: JsonObject, paths: readonly string[]): JsonObject {
  const result: JsonObject = {};
  for (const path of paths) {
    const value = valueAt(working, path);
    if (value !== undefined) writeAt(result, path, structuredClone(value));
  }
  return result;
}
