import type { Json } from '../json.ts';
import type { ExpressionBindings } from './expression.ts';

/**
 * An expression that only walks object fields, such as `$.body.id`, `customer.email` or
 * `$trigger.body.total`: the most common mapping there is. It is read directly when the fields
 * are plain objects all the way and the value found is not an array; otherwise JSONata evaluates
 * it, with its rules for arrays, missing fields and the rest. Asynchronous JSONata builds
 * promises, frames and sequences for each step: ~3 µs and a few kilobytes a path, per execution.
 */
export interface SimplePath {
  root: 'input' | 'trigger' | 'nodes' | 'execution';
  names: string[];
}

/** Returned when the path cannot be read directly: JSONata decides. */
export const NOT_READ = Symbol('not read directly');

const ROOTS: Readonly<Record<string, SimplePath['root']>> = { '': 'input', input: 'input', trigger: 'trigger', nodes: 'nodes', execution: 'execution' };
const PLAIN_STEP_KEYS = new Set(['type', 'value', 'position']);

/** The simple path a parsed JSONata expression (its `ast()`) is, if it is one. */
export function simplePathOf(ast: unknown): SimplePath | undefined {
  if (!isRecord(ast) || ast.type !== 'path' || Object.keys(ast).some((key) => key !== 'type' && key !== 'steps') || !Array.isArray(ast.steps)) return undefined;
  const steps: unknown[] = ast.steps;
  if (!steps.every((step) => isRecord(step) && Object.keys(step).every((key) => PLAIN_STEP_KEYS.has(key)) && typeof step.value === 'string')) return undefined;
  const [first, ...rest] = steps as { type: string; value: string }[];
  if (first === undefined) return undefined;
  const root = first.type === 'variable' ? ROOTS[first.value] : 'input';
  const names = first.type === 'variable' ? rest : [first, ...rest];
  if (root === undefined || names.length === 0 || !names.every((step) => step.type === 'name')) return undefined;
  return { root, names: names.map((step) => step.value) };
}

/** The value at `path`, or NOT_READ when JSONata must decide (an array, a field that is not there). */
export function readSimplePath(path: SimplePath, bindings: ExpressionBindings): Json | typeof NOT_READ {
  let current: unknown = bindings[path.root];
  for (const name of path.names) {
    if (!isRecord(current) || !Object.hasOwn(current, name)) return NOT_READ;
    current = current[name];
  }
  return Array.isArray(current) || current === undefined ? NOT_READ : (current as Json);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
