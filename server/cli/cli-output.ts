import type { Json } from '@weft/engine';

/** Where a command writes; one call per line. The CLI passes the process streams, tests capture. */
export interface CliOutput {
  stdout(line: string): void;
  stderr(line: string): void;
}

/** A value as indented JSON, one line per entry, each prefixed with `indent`. */
export function jsonLines(value: Json, indent = '  '): string[] {
  return JSON.stringify(value, null, 2)
    .split('\n')
    .map((line) => `${indent}${line}`);
}
