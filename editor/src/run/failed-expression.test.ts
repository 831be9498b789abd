import { describe, expect, it } from 'vitest';
import { failedExpressionOf } from './failed-expression.tsx';

describe('failedExpressionOf', () => {
  it('reads the expression, its setting and where JSONata stopped from a step error', () => {
    expect(failedExpressionOf({ path: 'params.output.total', expression: '$.qty * $.unit', jsonataCode: 'T2001', position: 7 })).toEqual({
      path: 'params.output.total',
      expression: '$.qty * $.unit',
      position: 7,
    });
  });

  it.each([[undefined], [null], ['text'], [[1]], [{ code: 'http_error' }]])('finds no expression in %j', (details) => {
    expect(failedExpressionOf(details)).toBeUndefined();
  });

  it('keeps an expression without a position (the time limit gives none)', () => {
    expect(failedExpressionOf({ expression: '$sum($)', position: null })).toEqual({ expression: '$sum($)', path: null, position: null });
  });
});
