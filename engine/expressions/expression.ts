import jsonata from 'jsonata';
import { WeftError } from '../errors.ts';
import { type Json, toJson } from '../json.ts';
import { NOT_READ, readSimplePath, simplePathOf } from './simple-path.ts';
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
  const simplePath = simplePathOf(compiled.ast());
  return {
    source,
    async evaluate(bindings) {
      try {
        const read = simplePath === undefined ? NOT_READ : readSimplePath(simplePath, bindings);
        const result: unknown = read === NOT_READ ? await compiled.evaluate(bindings.input, { ...bindings }) : read;
        // `$` (the whole input) is JSON already: no copy of what may be a large event.
        if (result === bindings.input) return bindings.input;
        return result === undefined ? undefined : toJson(result);
      } catch (error) {
        const cause = innermostFailure(error);
        if (cause instanceof ExpressionError) throw cause;
        // A regex that gave up arrives as a WeftError; rewrap it so callers see one error type (and add the param's path).
        if (cause instanceof WeftError) throw new ExpressionError(cause.code, cause.message, { details: { expression: source }, cause });
        throw new ExpressionError(failureCode(cause), describeFailure(error, source), { details: failureDetails(error, source) });
      }
    },
  };
}

// JSONata's codes for the guardrails: D1012 is the time limit; D1011 the depth limit; D2014 and
// D2015 the sequence limits. Anything else is an ordinary evaluation error.
const timeoutCodes = new Set(['D1012']);
const limitCodes = new Set(['D1011', 'D2014', 'D2015']);

function failureCode(error: unknown): 'expression_timeout' | 'expression_limit' | 'expression_error' {
  const code = asJsonataFailure(error)?.code ?? '';
  if (timeoutCodes.has(code)) return 'expression_timeout';
  return limitCodes.has(code) ? 'expression_limit' : 'expression_error';
}

// `$eval` wraps whatever stopped the inner expression (a guardrail included) in a D3121 error.
function innermostFailure(error: unknown): unknown {
  let current = error;
  while (asJsonataFailure(current)?.code === 'D3121' && typeof current === 'object' && current !== null && 'error' in current) {
    current = current.error;
  }
  return current;
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
