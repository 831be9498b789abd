import jsonata from 'jsonata';
import type { Json } from '../api/types.ts';
import { jsonataFailure } from './expression-check.ts';
import type { PreviewBindings } from './expression-sample.ts';

/** What an expression gave against the sample: a value (undefined: nothing, so the field is left out) or why it failed. */
export type PreviewOutcome = { kind: 'value'; value: Json | undefined } | { kind: 'error'; message: string; code: string | null };

// The engine's guardrails (engine/expressions/expression.ts), tighter on time: a preview runs on every pause in typing.
const previewLimits = { timeout: 500, stack: 300, sequence: 100_000 };

/** Evaluates like the engine does: `$` is the input, and $input, $trigger, $nodes, $execution are bound. */
export async function evaluatePreview(source: string, bindings: PreviewBindings): Promise<PreviewOutcome> {
  try {
    const expression = jsonata(source, previewLimits);
    const result: unknown = await expression.evaluate(bindings.input, { ...bindings });
    return { kind: 'value', value: toPreviewJson(result) };
  } catch (error) {
    const failure = jsonataFailure(error);
    return { kind: 'error', message: failure.message, code: failure.code };
  }
}

/** JSONata can answer with functions and sequences; the preview shows JSON, as a step's output would be. */
function toPreviewJson(value: unknown): Json | undefined {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value, (_key, item: unknown) => (typeof item === 'function' || isJsonataFunction(item) ? '(a function)' : item));
  if (text === undefined) return undefined;
  const parsed: Json = JSON.parse(text);
  return parsed;
}

function isJsonataFunction(value: unknown): boolean {
  return typeof value === 'object' && value !== null && ('_jsonata_function' in value || '_jsonata_lambda' in value);
}
