import jsonata from 'jsonata';
import { tokenize } from './expression-tokens.ts';

/** Why JSONata refuses an expression, and which characters to mark (start === end: at the very end). */
export interface ExpressionProblem {
  message: string;
  code: string | null;
  start: number;
  end: number;
}

/** Parses with the same JSONata the engine runs, so the editor refuses exactly what a run would. */
export function checkExpression(source: string): ExpressionProblem | null {
  // An empty expression is one not written yet: the form says so, not an error.
  if (source.trim() === '') return null;
  try {
    jsonata(source);
    return null;
  } catch (error) {
    return problemOf(error, source);
  }
}

function problemOf(error: unknown, source: string): ExpressionProblem {
  const failure = jsonataFailure(error);
  const where = markedRange(source, failure.position, failure.token);
  const at = failure.position === null ? '' : where.start >= source.length ? ' (at the end)' : ` (at character ${where.start + 1})`;
  return { message: `${failure.message}${at}`, code: failure.code, ...where };
}

interface JsonataFailure {
  message: string;
  code: string | null;
  position: number | null;
  token: string | null;
}

export function jsonataFailure(error: unknown): JsonataFailure {
  if (typeof error !== 'object' || error === null) return { message: String(error), code: null, position: null, token: null };
  const read = (key: string): unknown => (key in error ? Reflect.get(error, key) : undefined);
  const message = read('message');
  const code = read('code');
  const position = read('position');
  const token = read('token');
  return {
    message: typeof message === 'string' ? message : 'the expression cannot be read',
    code: typeof code === 'string' ? code : null,
    position: typeof position === 'number' ? position : null,
    token: typeof token === 'string' ? token : null,
  };
}

/**
 * The token JSONata stopped at. Its parser reports the position just past the offending token;
 * its lexer (an unterminated string, comment or regex) the position of the character itself.
 */
function markedRange(source: string, position: number | null, token: string | null): { start: number; end: number } {
  if (position === null || token === '(end)' || source.length === 0) return { start: source.length, end: source.length };
  const index = Math.min(Math.max(token === null ? position : position - 1, 0), source.length - 1);
  const hit = tokenize(source).find((candidate) => candidate.start <= index && index < candidate.end);
  return hit === undefined ? { start: source.length, end: source.length } : { start: hit.start, end: hit.end };
}
