import { z } from 'zod';
import { codeLogEntrySchema } from './sandbox-protocol.ts';

/** The file name user code has in stack traces; its first line is line 1. */
export const CODE_FILENAME = 'code.js';

/** The same bounds as the step log's, so what the code logs fits where it ends up. */
const MAX_LOG_ENTRIES = 200;
const MAX_LOG_MESSAGE = 2_000;

// Runs inside the isolate, after the user's function is defined and before it is called. It
// installs a console that only appends to a private array, removes the few builtins that let work
// outlive the run (weak-reference callbacks fire later, in whichever run holds the isolate then)
// or reach shared memory, parses the JSON copies it was handed, and turns whatever happens into a
// plain object of strings and numbers. It keeps its own JSON functions so user code that
// replaces the global ones cannot change how its inputs are read.
const driver = `return (async (main, inputText, nodesText, triggerText) => {
  'use strict';
  const { parse, stringify } = JSON;
  const logs = [];
  const text = (value) => {
    try {
      if (typeof value === 'string') return value;
      if (value instanceof Error) return String(value);
      const json = stringify(value);
      return json === undefined ? String(value) : json;
    } catch {
      try { return String(value); } catch { return '[unprintable]'; }
    }
  };
  const write = (level) => (...args) => {
    if (logs.length >= ${MAX_LOG_ENTRIES}) return;
    let message = '';
    for (let i = 0; i < args.length; i++) message += (i === 0 ? '' : ' ') + text(args[i]);
    if (message.length > ${MAX_LOG_MESSAGE}) message = message.slice(0, ${MAX_LOG_MESSAGE}) + '\u2026';
    logs[logs.length] = { level, message };
  };
  globalThis.console = { log: write('info'), info: write('info'), debug: write('info'), warn: write('warn'), error: write('error') };
  for (const name of ['WeakRef', 'FinalizationRegistry', 'WebAssembly', 'SharedArrayBuffer', 'Atomics']) delete globalThis[name];
  const describe = (kind, error) => {
    let name = 'Error';
    let message = '';
    let stack = '';
    try {
      if (error !== null && (typeof error === 'object' || typeof error === 'function')) {
        name = String(error.name);
        message = String(error.message);
        stack = String(error.stack);
      } else {
        name = 'Thrown value';
        message = text(error);
      }
    } catch {
      message = '[unprintable error]';
    }
    // Where an eval was called from is reported without the line offset; the frame itself is what counts.
    const at = /${CODE_FILENAME.replace('.', '\\.')}:(\\d+):(\\d+)/.exec(stack.replace(/eval at [^(]*\\([^)]*\\)/g, ''));
    return { ok: false, kind, name, message, line: at ? Number(at[1]) : 0, column: at ? Number(at[2]) : 0, logs };
  };
  let value;
  try {
    value = await main(parse(inputText), parse(nodesText), parse(triggerText));
  } catch (error) {
    return describe('thrown', error);
  }
  if (typeof value === 'function' || typeof value === 'symbol') {
    return { ok: false, kind: 'not_json', name: 'TypeError', message: 'the code returned a ' + typeof value + ', which is not JSON', line: 0, column: 0, logs };
  }
  try {
    const json = value === undefined ? undefined : stringify(value);
    return { ok: true, json: json === undefined ? 'null' : json, logs };
  } catch (error) {
    return describe('not_json', error);
  }
})(main, $0, $1, $2);`;

/**
 * The closure the isolate runs for one step: the user's body as an async function on line 2
 * (compiled with line offset -1, so the body's own first line is line 1), then the driver. The
 * body can only ever run inside the isolate, so text in it that closes the function early changes
 * nothing but its own result.
 */
export function closureSource(body: string): string {
  return `const main = async function (input, nodes, trigger) {\n${body}\n};\n${driver}`;
}

/** What the driver hands back; parsed, since user code could have tampered with the objects it builds. */
export const driverOutcomeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), json: z.string(), logs: z.array(codeLogEntrySchema) }),
  z.object({
    ok: z.literal(false),
    kind: z.enum(['thrown', 'not_json']),
    name: z.string(),
    message: z.string(),
    line: z.number(),
    column: z.number(),
    logs: z.array(codeLogEntrySchema),
  }),
]);

export type DriverOutcome = z.infer<typeof driverOutcomeSchema>;
