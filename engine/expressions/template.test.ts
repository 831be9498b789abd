import { describe, expect, it } from 'vitest';
import type { Json } from '../json.ts';
import { compileExpression, defaultExpressionLimits, type ExpressionBindings } from './expression.ts';
import { evaluateTemplate, findExpressions } from './template.ts';

const order = { id: 7, lines: [{ sku: 'A' }, { sku: 'B' }] };
const bindings: ExpressionBindings = { input: order, trigger: order, nodes: {}, execution: { id: 'e1', flowId: 'f', flowVersion: 1 } };

function evaluate(params: Json) {
  const compiled = new Map(findExpressions(params).map(({ source }) => [source, compileExpression(source, defaultExpressionLimits)]));
  return evaluateTemplate(params, compiled, bindings);
}

describe('evaluateTemplate', () => {
  it('replaces each expression by its value, at any depth, and keeps fixed values', async () => {
    const params = { method: 'POST', body: { orderId: '=$.id', skus: ['=$.lines.sku', 'fixed'], nested: { total: '=$count($.lines)' } } };
    expect(await evaluate(params)).toEqual({ method: 'POST', body: { orderId: 7, skus: [['A', 'B'], 'fixed'], nested: { total: 2 } } });
  });

  it('drops an object key whose expression yields nothing, and puts null in a list', async () => {
    expect(await evaluate({ gone: '=$.missing', kept: 1, list: ['=$.missing'] })).toEqual({ kept: 1, list: [null] });
  });

  it('hands back fixed parts as they are rather than rebuilding them', async () => {
    const headers = { accept: 'application/json', 'x-tags': ['a', 'b'] };
    const evaluated = await evaluate({ headers, body: '=$' });
    expect(evaluated).toEqual({ headers, body: order });
    expect((evaluated as { headers: unknown }).headers).toBe(headers);
  });

  it('names the param an expression failed in', async () => {
    await expect(evaluate({ body: { total: '=$number("x")' } })).rejects.toMatchObject({ code: 'expression_error', details: { path: 'params.body.total' } });
  });
});
