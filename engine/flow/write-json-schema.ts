// Rewrites flow-document.schema.json from the zod schema. Run it after changing schema.ts:
//   node scripts/toolchain.mjs node engine/flow/write-json-schema.ts
import { writeFileSync } from 'node:fs';
import { flowDocumentJsonSchema } from './schema.ts';

export const jsonSchemaFile = new URL('./flow-document.schema.json', import.meta.url);

/** The committed file's exact text. */
export function jsonSchemaText(): string {
  return `${JSON.stringify(flowDocumentJsonSchema(), null, 2)}\n`;
}

if (import.meta.main) {
  writeFileSync(jsonSchemaFile, jsonSchemaText());
  console.log(`wrote ${jsonSchemaFile.pathname}`);
}
