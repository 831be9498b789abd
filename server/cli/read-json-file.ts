import { readFile } from 'node:fs/promises';
import { type Json, jsonSchema } from '@weft/engine';

export type JsonFileResult = { ok: true; value: Json } | { ok: false; message: string };

/** Reads and parses a JSON file, turning every failure into a message fit for a terminal. */
export async function readJsonFile(filePath: string): Promise<JsonFileResult> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    return { ok: false, message: `cannot read ${filePath}: ${reasonOf(error)}` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `${filePath} is not valid JSON: ${reasonOf(error)}` };
  }
  const json = jsonSchema.safeParse(parsed);
  return json.success ? { ok: true, value: json.data } : { ok: false, message: `${filePath} is not plain JSON` };
}

function reasonOf(error: unknown): string {
  if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return 'no such file';
  return error instanceof Error ? error.message : String(error);
}
