import jsonata from 'jsonata';
import { WeftError } from '../errors.ts';
import { type Json, toJson } from '../json.ts';
import { timeboxedRegexEngine } from './timeboxed-regex.ts';

/** Guardrails every expression runs under. */
export interface ExpressionLimits {
  /** Wall time for one evaluation, regular expression matches included. */
  timeoutMs: number;
  /** Deepest nesting of evaluation (stops runaway recursion). */
  maxDepth: number;
  /** Longest sequence an expression may build (stops `[1..10000].([1..10000])`). */
  maxSequence: number;
}

export const defaultExpressionLimits: ExpressionLimits = { timeoutMs: 1_000, maxDepth: 300, maxSequence: 1_000_000 };

/**
 * The names an expression can read, besides `$` (the step's input):
 * `$input` the step's input, `$trigger` the event that started the execution,
 * `$nodes.<id>` the output of any step that has finished, `$execution` (`id`, `flowId`, `flowVersion`).
 */
export interface ExpressionBindings {
  input: Json;
  trigger: Json;
  nodes: Record<string, Json>;
  execution: { id: string; flowId: string; flowVersion: number | null };
}

export interface CompiledExpression {
  source: string;
  evaluate(bindings: ExpressionBindings): Promise<Json | undefined>;
}

/** A string param value that starts with `=` is an expression; the rest of the string is JSONata. */
export const EXPRESSION_PREFIX = '=';

export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(EXPRESSION_PREFIX);
}

interface JsonataFailure {
  code: string;
  message: string;
  position?: number;
}

export class ExpressionError extends WeftError {}

export function compileExpression(source: string, limits: ExpressionLimits): CompiledExpression {
  let compiled: jsonata.Expression;
  try {
    compiled = jsonata(source, {
      timeout: limits.timeoutMs,
      stack: limits.maxDepth,
      sequence: limits.maxSequence,
      // JSONata's typings ask for the full RegExpConstructor; it only ever calls `new`, `exec` and `lastIndex`.
      RegexEngine: timeboxedRegexEngine(limits.timeoutMs) as unknown as RegExpConstructor,
    });
  } catch (error) {
    throw new ExpressionError('invalid_expression', describeFailure(error, source), { details: failureDetails(error, source) });
  }
  return {
    source,
    async evaluate(bindings) {
      try {
        const result: unknown = await compiled.evaluate(bindings.input, { ...bindings });
        return result === undefined ? undefined : toJson(result);
      } catch (error) {
        if (error instanceof WeftError) throw error;
        const failure = asJsonataFailure(error);
        const code = failure?.code === 'D1012' || failure?.code === 'D1011' ? 'expression_limit' : 'expression_error';
        throw new ExpressionError(code, describeFailure(error, source), { details: failureDetails(error, source) });
      }
    },
  };
}

function asJsonataFailure(error: unknown): JsonataFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if (!('code' in error) || typeof error.code !== 'string') return undefined;
  const message = 'message' in error && typeof error.message === 'string' ? error.message : error.code;
  const position = 'position' in error && typeof error.position === 'number' ? error.position : undefined;
  return { code: error.code, message, position };
}

function describeFailure(error: unknown, source: string): string {
  const failure = asJsonataFailure(error);
  if (failure === undefined) return error instanceof Error ? error.message : String(error);
  const where = failure.position === undefined ? '' : ` (at character ${failure.position} of \`${abbreviate(source)}\`)`;
  return `${failure.message}${where}`;
}

function failureDetails(error: unknown, source: string): Json {
  const failure = asJsonataFailure(error);
  return { expression: source, jsonataCode: failure?.code ?? null, position: failure?.position ?? null };
}

function abbreviate(source: string): string {
  return source.length > 80 ? `${source.slice(0, 77)}...` : source;
}
