import type { Json } from '../api/types.ts';
import { type ExpressionSample, rootValue } from './expression-sample.ts';
import { type Token, tokenize } from './expression-tokens.ts';
import { pathSegment } from './field-paths.ts';

export interface CompletionItem {
  /** What the list shows: a field name, `$trigger`, `$sum`. */
  label: string;
  /** What replaces the word being typed. */
  insert: string;
  /** A hint beside the label: the sample value, or what a binding is. */
  detail: string;
}

/** Candidates for the word at the cursor, and the range of text an accepted one replaces. */
export interface Completion {
  from: number;
  to: number;
  items: CompletionItem[];
}

const MAX_ITEMS = 50;
// How many items of an array are looked into for field names (JSONata maps a path over all of them).
const ARRAY_PEEK = 20;

const bindingItems: CompletionItem[] = [
  { label: '$input', insert: '$input', detail: "this step's input (same as $)" },
  { label: '$trigger', insert: '$trigger', detail: 'the event that started the run' },
  { label: '$nodes', insert: '$nodes', detail: 'outputs of earlier steps, by id' },
  { label: '$execution', insert: '$execution', detail: 'id, flowId, flowVersion' },
];

const functionNames = [
  'string', 'length', 'substring', 'substringBefore', 'substringAfter', 'uppercase', 'lowercase', 'trim', 'pad', 'contains',
  'split', 'join', 'match', 'replace', 'number', 'abs', 'floor', 'ceil', 'round', 'power', 'sqrt', 'formatNumber',
  'formatInteger', 'parseInteger', 'sum', 'max', 'min', 'average', 'count', 'append', 'sort', 'reverse', 'distinct', 'zip',
  'keys', 'lookup', 'spread', 'merge', 'each', 'sift', 'type', 'boolean', 'not', 'exists', 'map', 'filter', 'single',
  'reduce', 'now', 'millis', 'fromMillis', 'toMillis', 'base64encode', 'base64decode', 'encodeUrlComponent', 'decodeUrlComponent',
];
const functionItems: CompletionItem[] = functionNames.map((name) => ({ label: `$${name}`, insert: `$${name}(`, detail: 'function' }));

/**
 * What to offer at `cursor` in a JSONata source: field names of the sample value a path leads to
 * (`$.body.` → the body's fields; `$nodes.` → step ids), or bindings and functions after `$`.
 * `force` (Ctrl+Space) offers the top level even where nothing has been typed yet.
 */
export function completionsAt(source: string, cursor: number, sample: ExpressionSample, force = false): Completion | null {
  const tokens = tokenize(source);
  const word = wordAt(tokens, cursor, force);
  if (word === null) return null;
  const chain = chainBefore(tokens, word.chainEnd);
  if (chain === null) return null;
  let items: CompletionItem[];
  if (chain.length === 0 && !word.afterDot) {
    const fields = fieldItems(sample.input);
    items = word.prefix.startsWith('$') ? [...bindingItems, ...functionItems] : force ? [...fields, ...bindingItems] : fields;
  } else {
    const target = resolvePath(sample, chain);
    if (target === undefined) return null;
    items = fieldItems(target);
  }
  const matching = rank(items, word.prefix);
  if (matching.length === 0) return null;
  // Nothing to offer once the word is complete.
  if (matching.length === 1 && matching[0]?.insert === word.text) return null;
  return { from: word.from, to: word.to, items: matching.slice(0, MAX_ITEMS) };
}

interface Word {
  /** What has been typed of the word so far (without an opening backtick). */
  prefix: string;
  /** The whole word as it stands, to tell a finished one. */
  text: string;
  from: number;
  to: number;
  /** Index of the first token after the path that leads to the word. */
  chainEnd: number;
  afterDot: boolean;
}

const wordKinds = new Set(['name', 'variable', 'function', 'keyword', 'literal']);

function wordAt(tokens: readonly Token[], cursor: number, force: boolean): Word | null {
  const index = tokens.findIndex((token) => token.start < cursor && cursor <= token.end);
  const token = tokens[index];
  if (token !== undefined && wordKinds.has(token.kind)) {
    const typed = token.text.slice(0, cursor - token.start);
    const prefix = typed.startsWith('`') ? typed.slice(1).replace(/`$/, '') : typed;
    const previous = tokens[index - 1];
    const afterDot = previous?.kind === 'operator' && previous.text === '.';
    return { prefix, text: token.text, from: token.start, to: token.end, chainEnd: afterDot ? index - 1 : index, afterDot };
  }
  if (token?.kind === 'operator' && token.text === '.' && token.end === cursor) {
    return { prefix: '', text: '', from: cursor, to: cursor, chainEnd: index, afterDot: true };
  }
  const quiet = token === undefined || token.kind === 'space' || (token.kind === 'operator' && token.end === cursor);
  if (force && quiet) return { prefix: '', text: '', from: cursor, to: cursor, chainEnd: -1, afterDot: false };
  return null;
}

/**
 * The path segments before the `.` at `dotIndex` (e.g. `$nodes`, `webhook`, `body`), skipping
 * predicates in brackets; null when the path starts from something a sample cannot answer (a call).
 */
function chainBefore(tokens: readonly Token[], dotIndex: number): string[] | null {
  const dot = tokens[dotIndex];
  if (dot === undefined || dot.kind !== 'operator' || dot.text !== '.') return [];
  const segments: string[] = [];
  let at = dotIndex - 1;
  for (;;) {
    at = skipPredicates(tokens, at);
    const segment = tokens[at];
    if (segment === undefined || (segment.kind !== 'name' && segment.kind !== 'variable')) return null;
    segments.unshift(segment.text.startsWith('`') ? segment.text.slice(1).replace(/`$/, '') : segment.text);
    const before = tokens[at - 1];
    if (before?.kind !== 'operator' || before.text !== '.') return segments;
    at -= 2;
  }
}

function skipPredicates(tokens: readonly Token[], index: number): number {
  let at = index;
  while (tokens[at]?.kind === 'operator' && tokens[at]?.text === ']') {
    let depth = 0;
    for (; at >= 0; at -= 1) {
      const text = tokens[at]?.kind === 'operator' ? tokens[at]?.text : undefined;
      if (text === ']') depth += 1;
      else if (text === '[' && --depth === 0) break;
    }
    at -= 1;
  }
  return at;
}

/** The sample value a path leads to; a path through an array looks into its items, as JSONata maps over them. */
function resolvePath(sample: ExpressionSample, segments: readonly string[]): Json | undefined {
  const [root, ...rest] = segments;
  if (root === undefined) return sample.input;
  let value: Json | undefined;
  let steps: readonly string[];
  if (root.startsWith('$')) {
    value = rootValue(sample, root);
    steps = rest;
  } else {
    value = sample.input;
    steps = segments;
  }
  for (const step of steps) {
    if (value === undefined) return undefined;
    value = childOf(value, step);
  }
  return value;
}

function childOf(value: Json, key: string): Json | undefined {
  if (Array.isArray(value)) {
    for (const item of value.slice(0, ARRAY_PEEK)) {
      const child = childOf(item, key);
      if (child !== undefined) return child;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  return value[key];
}

function fieldItems(value: Json | undefined): CompletionItem[] {
  const fields = new Map<string, Json>();
  const collect = (current: Json | undefined) => {
    if (Array.isArray(current)) current.slice(0, ARRAY_PEEK).forEach(collect);
    else if (current !== null && current !== undefined && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) if (!fields.has(key)) fields.set(key, child);
    }
  };
  collect(value);
  return [...fields].map(([key, child]) => ({ label: key, insert: pathSegment(key), detail: describeValue(child) }));
}

/** Starts-with matches first, then (from two letters on) matches anywhere; case does not matter. */
function rank(items: readonly CompletionItem[], prefix: string): CompletionItem[] {
  const wanted = prefix.toLowerCase();
  const starting = items.filter((item) => item.label.toLowerCase().startsWith(wanted));
  const inside = items.filter((item) => !item.label.toLowerCase().startsWith(wanted) && wanted.length >= 2 && item.label.toLowerCase().includes(wanted));
  return [...starting, ...inside];
}

/** A short hint of a sample value: `"ada@example.com"`, `25`, `{3 fields}`, `[2 items]`. */
export function describeValue(value: Json): string {
  if (Array.isArray(value)) return `[${value.length} item${value.length === 1 ? '' : 's'}]`;
  if (value !== null && typeof value === 'object') {
    const count = Object.keys(value).length;
    return `{${count} field${count === 1 ? '' : 's'}}`;
  }
  const text = JSON.stringify(value);
  return text.length > 28 ? `${text.slice(0, 27)}…` : text;
}
