/**
 * A forgiving JSONata lexer for highlighting and completion. Unlike JSONata's own, it never throws:
 * half-typed input (an open string, a lone backtick) still yields tokens that cover every character,
 * so the highlighted copy lines up with the text being edited.
 */

export type TokenKind =
  | 'space'
  | 'comment'
  | 'string'
  | 'number'
  | 'regex'
  /** A field name, plain or in backticks: one step of a path. */
  | 'name'
  /** `$`, `$$`, `$trigger`, `$myVar`. */
  | 'variable'
  /** A variable called as a function: `$sum(`. */
  | 'function'
  /** and, or, in, function. */
  | 'keyword'
  /** true, false, null. */
  | 'literal'
  | 'operator'
  /** What JSONata would not accept here (a stray character). */
  | 'unknown';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  text: string;
}

const twoCharOperators = new Set(['..', ':=', '!=', '>=', '<=', '**', '~>', '?:', '??']);
const oneCharOperators = new Set([...'.[]{}(),@#;:?+-*/%|=<>^&!~']);
const keywords = new Set(['and', 'or', 'in', 'function']);
const literals = new Set(['true', 'false', 'null']);
const numberPattern = /^(0|[1-9][0-9]*)(\.[0-9]+)?([Ee][-+]?[0-9]+)?/;
// After these a `/` divides; anywhere else it opens a regular expression (JSONata decides the same way).
const operandEnds = new Set<TokenKind>(['name', 'variable', 'function', 'number', 'string', 'regex', 'literal']);

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  const push = (kind: TokenKind, end: number) => {
    tokens.push({ kind, start: at, end, text: source.slice(at, end) });
    at = end;
  };
  while (at < source.length) {
    const char = source.charAt(at);
    const rest = source.slice(at);
    if (/\s/.test(char)) push('space', at + (/^\s+/.exec(rest)?.[0].length ?? 1));
    else if (rest.startsWith('/*')) push('comment', closingIndex(source, '*/', at + 2, 2));
    else if (char === '"' || char === "'") push('string', stringEnd(source, at));
    else if (char === '`') push('name', closingIndex(source, '`', at + 1, 1));
    else if (char === '/' && !operandEnds.has(lastMeaningful(tokens)?.kind ?? 'space') && !closesGroup(lastMeaningful(tokens))) push('regex', regexEnd(source, at));
    else if (/[0-9]/.test(char)) push('number', at + (numberPattern.exec(rest)?.[0].length ?? 1));
    else if (twoCharOperators.has(rest.slice(0, 2))) push('operator', at + 2);
    else if (char === '$') push(variableKind(source, at), nameEnd(source, at + 1));
    else if (oneCharOperators.has(char)) push('operator', at + 1);
    else {
      const end = nameEnd(source, at);
      if (end === at) push('unknown', at + 1);
      else {
        const word = source.slice(at, end);
        push(keywords.has(word) ? 'keyword' : literals.has(word) ? 'literal' : 'name', end);
      }
    }
  }
  return tokens;
}

function lastMeaningful(tokens: readonly Token[]): Token | undefined {
  for (let index = tokens.length - 1; index >= 0; index -= 1) {
    const token = tokens[index];
    if (token !== undefined && token.kind !== 'space' && token.kind !== 'comment') return token;
  }
  return undefined;
}

function closesGroup(token: Token | undefined): boolean {
  return token?.kind === 'operator' && (token.text === ')' || token.text === ']' || token.text === '}');
}

/** Index just past `closer`, or the end of the source when it never comes (still being typed). */
function closingIndex(source: string, closer: string, from: number, length: number): number {
  const found = source.indexOf(closer, from);
  return found === -1 ? source.length : found + length;
}

function stringEnd(source: string, start: number): number {
  const quote = source.charAt(start);
  for (let at = start + 1; at < source.length; at += 1) {
    const char = source.charAt(at);
    if (char === '\\') at += 1;
    else if (char === quote) return at + 1;
  }
  return source.length;
}

function regexEnd(source: string, start: number): number {
  for (let at = start + 1; at < source.length; at += 1) {
    const char = source.charAt(at);
    if (char === '\\') at += 1;
    else if (char === '/') return at + 1 + (/^[im]*/.exec(source.slice(at + 1))?.[0].length ?? 0);
  }
  return source.length;
}

/** A name runs until whitespace, an operator character, a quote or a backtick (as in JSONata). */
function nameEnd(source: string, from: number): number {
  let at = from;
  while (at < source.length) {
    const char = source.charAt(at);
    if (/\s/.test(char) || oneCharOperators.has(char) || char === '"' || char === "'" || char === '`' || char === '$') break;
    at += 1;
  }
  // `$$` is a variable of its own (the root of the input).
  if (at === from && source.charAt(from) === '$' && source.charAt(from - 1) === '$') return from + 1;
  return at;
}

function variableKind(source: string, start: number): 'variable' | 'function' {
  const after = source.slice(nameEnd(source, start + 1));
  return /^\s*\(/.test(after) && nameEnd(source, start + 1) > start + 1 ? 'function' : 'variable';
}
