import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonSchemaFile, jsonSchemaText } from './write-json-schema.ts';

describe('flow-document.schema.json', () => {
  it('matches the zod schema', () => {
    const committed = readFileSync(jsonSchemaFile, 'utf8');

    expect(
      committed,
      'engine/flow/flow-document.schema.json is out of date; regenerate it with `node scripts/toolchain.mjs node engine/flow/write-json-schema.ts`',
    ).toBe(jsonSchemaText());
  });

  it('describes a strict document with the fields editors need', () => {
    const schema = JSON.parse(jsonSchemaText());

    expect(schema).toMatchObject({ type: 'object', additionalProperties: false, required: ['formatVersion', 'id', 'name', 'nodes', 'edges'] });
    expect(Object.keys(schema.properties)).toEqual(['formatVersion', 'id', 'name', 'description', 'nodes', 'edges', 'settings']);
  });
});
