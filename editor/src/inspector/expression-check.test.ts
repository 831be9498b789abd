import { describe, expect, it } from 'vitest';
import { checkExpression } from './expression-check.ts';

describe('checkExpression', () => {
  it.each(['$.body.email', '$sum($.items.price) > 10', '$trigger.body.id & "-" & $nodes.map.orderId', '   '])('accepts %j', (source) => {
    expect(checkExpression(source)).toBeNull();
  });

  it.each([
    // source, code, marked text ('' is a mark at the very end)
    ['$.body.total >', 'S0207', ''],
    ['$.body.status = "paid', 'S0101', '"paid'],
    ['foo bar', 'S0201', 'bar'],
    ['{"a": }', 'S0211', '}'],
    ['$sum(', 'S0203', ''],
  ])('refuses %j with JSONata code %s and marks %j', (source, code, marked) => {
    const problem = checkExpression(source);
    expect(problem?.code).toBe(code);
    expect(source.slice(problem?.start, problem?.end)).toBe(marked);
    if (marked === '') expect(problem?.start).toBe(source.length);
    expect(problem?.message).not.toBe('');
  });
});
