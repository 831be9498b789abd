import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { compileExpression, defaultExpressionLimits, type ExpressionBindings } from './expression.ts';
import { simplePathOf } from './simple-path.ts';

const inputs = [
  { body: { id: 7, email: 'a@example.com', total: '59.80', paid: true, note: null, customer: { name: 'Ada', tags: ['vip'] } } },
  { body: { id: 'A-1', customer: 'a string, not an object' } },
  { body: [{ id: 1 }, { id: 2 }] },
  { body: { items: [{ id: 1 }, { id: 2 }], id: { nested: { deep: 0 } } } },
  { other: 1 },
  [{ body: { id: 3 } }, { body: { id: 4 } }],
  'just text',
  null,
];

const expressions = [
  '$.body.id',
  'body.id',
  '$.body.email',
  '$.body.paid',
  '$.body.note',
  '$.body.customer',
  '$.body.customer.name',
  '$.body.customer.tags',
  '$.body.missing',
  '$.body.id.nested.deep',
  '$.body.items',
  '$.body.constructor',
  '$trigger.body.id',
  '$nodes.shape.total',
  '$nodes.missing.total',
  '$execution.flowId',
  '$input.body.id',
  "$.body.'id'",
];

const bindingsFor = (input: unknown): ExpressionBindings => ({
  input: input as ExpressionBindings['input'],
  trigger: { body: { id: 'from the trigger' } },
  nodes: { shape: { total: 12.5 } },
  execution: { id: 'e1', flowId: 'f1', flowVersion: 3 },
});

describe('simple field paths', () => {
  it('are recognised only when every step is a plain field name', () => {
    expect(simplePathOf(jsonata('$.body.id').ast())).toEqual({ root: 'input', names: ['body', 'id'] });
    expect(simplePathOf(jsonata('body.id').ast())).toEqual({ root: 'input', names: ['body', 'id'] });
    expect(simplePathOf(jsonata('$trigger.body').ast())).toEqual({ root: 'trigger', names: ['body'] });
    for (const source of ['$', '$.a[0]', '$.a[b=1]', '$.a.*', '$.a{"k": 1}', '$.a^(b)', '$.a#$i', '$.a@$x', '$other.a', '$$.a', '$.a[]', '$.a.$string()', '$.a + 1']) {
      expect(simplePathOf(jsonata(source).ast()), source).toBeUndefined();
    }
  });

  it('evaluate to exactly what JSONata evaluates them to, for every kind of input', async () => {
    for (const source of expressions) {
      const compiled = compileExpression(source, defaultExpressionLimits);
      for (const input of inputs) {
        const bindings = bindingsFor(input);
        const expected: unknown = await jsonata(source).evaluate(input, { ...bindings });
        const actual = await compiled.evaluate(bindings);
        expect(actual, `${source} on ${JSON.stringify(input)}`).toEqual(expected === undefined ? undefined : JSON.parse(JSON.stringify(expected)));
      }
    }
  });
});
