import type { Json, JsonObject } from '../json.ts';
import { type CompiledExpression, type ExpressionBindings, ExpressionError, EXPRESSION_PREFIX, isExpression } from './expression.ts';

/** Where an expression sits inside a node's params, e.g. `body.total` or `headers.X-Id`. */
export interface ExpressionSite {
  path: (string | number)[];
  source: string;
}

/** Every expression in a params value, with the path that leads to it. */
export function findExpressions(value: Json, path: (string | number)[] = []): ExpressionSite[] {
  if (isExpression(value)) return [{ path, source: value.slice(EXPRESSION_PREFIX.length) }];
  if (Array.isArray(value)) return value.flatMap((item, index) => findExpressions(item, [...path, index]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => findExpressions(item, [...path, key]));
  }
  return [];
}

/**
 * Replaces each expression in a params value by what it evaluates to. An expression that yields
 * nothing removes its object key, or becomes null inside an array.
 */
export async function evaluateTemplate(
  value: Json,
  compiled: ReadonlyMap<string, CompiledExpression>,
  bindings: ExpressionBindings,
  path: (string | number)[] = [],
): Promise<Json | undefined> {
  if (isExpression(value)) {
    const expression = compiled.get(value.slice(EXPRESSION_PREFIX.length));
    if (expression === undefined) throw new Error(`expression at ${formatPath(path)} was not compiled`);
    try {
      return await expression.evaluate(bindings);
    } catch (error) {
      if (error instanceof ExpressionError) {
        throw new ExpressionError(error.code, `params.${formatPath(path)}: ${error.message}`, {
          details: { path: `params.${formatPath(path)}`, ...asObject(error.details) },
        });
      }
      throw error;
    }
  }
  // Most params are fixed values (a method, a URL, headers): handed back as they are, not rebuilt
  // (the node's params schema gives the node its own copy).
  if (!containsExpression(value)) return value;
  if (Array.isArray(value)) {
    const items = await Promise.all(value.map((item, index) => evaluateTemplate(item, compiled, bindings, [...path, index])));
    return items.map((item) => item ?? null);
  }
  if (value !== null && typeof value === 'object') {
    const result: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      const evaluated = containsExpression(item) ? await evaluateTemplate(item, compiled, bindings, [...path, key]) : item;
      if (evaluated !== undefined) result[key] = evaluated;
    }
    return result;
  }
  return value;
}

function containsExpression(value: Json): boolean {
  if (isExpression(value)) return true;
  if (Array.isArray(value)) return value.some(containsExpression);
  return value !== null && typeof value === 'object' && Object.values(value).some(containsExpression);
}

export function formatPath(path: readonly (string | number)[]): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const plain = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment);
      if (plain) return index === 0 ? segment : `.${segment}`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join('');
}

function asObject(details: Json | undefined): JsonObject {
  return details !== null && typeof details === 'object' && !Array.isArray(details) ? details : {};
}
