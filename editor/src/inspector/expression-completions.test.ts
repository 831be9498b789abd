import { describe, expect, it } from 'vitest';
import { completionsAt } from './expression-completions.ts';
import type { ExpressionSample } from './expression-sample.ts';

const sample: ExpressionSample = {
  input: { body: { customer: { email: 'ada@example.com', name: 'Ada' }, items: [{ sku: 'A1', price: 10 }, { sku: 'B2', qty: 2 }], 'order id': 7 } },
  trigger: { body: { id: 1001 }, headers: { 'x-shop': 'demo' } },
  nodes: { webhook: { body: { id: 1001 } }, lookup: { status: 200 } },
  execution: { id: 'preview', flowId: 'f1', flowVersion: null },
};

/** The labels offered with the cursor at the `|` in `text`. */
function labelsAt(text: string, force = false): string[] | null {
  const cursor = text.indexOf('|');
  const completion = completionsAt(text.replace('|', ''), cursor, sample, force);
  return completion === null ? null : completion.items.map((item) => item.label);
}

describe('completionsAt', () => {
  it.each([
    ['$.|', ['body']],
    ['$.body.|', ['customer', 'items', 'order id']],
    ['$.body.cu|', ['customer']],
    ['$.body.customer.|', ['email', 'name']],
    ['$input.body.customer.e|', ['email']],
    ['body.customer.|', ['email', 'name']],
    ['$.body.items.|', ['sku', 'price', 'qty']],
    ['$.body.items[price > 5].|', ['sku', 'price', 'qty']],
    ['$trigger.|', ['body', 'headers']],
    ['$trigger.headers.|', ['x-shop']],
    ['$nodes.|', ['webhook', 'lookup']],
    ['$nodes.lookup.|', ['status']],
    ['$execution.|', ['id', 'flowId', 'flowVersion']],
    ['$.body.customer.email = "a" and $.body.customer.n|', ['name']],
    ['$.body.CUST|', ['customer']],
    ['$.body.tom|', ['customer']],
  ])('%s offers %j', (text, expected) => {
    expect(labelsAt(text)).toEqual(expected);
  });

  it.each([
    ['$.body.customer.email|', 'a finished word'],
    ['$.body.nothing.|', 'a path the sample does not have'],
    ['$.body.customer.email = "ad|', 'inside a string'],
    ['$sum($.body.items.price).|', 'the result of a call'],
    ['$.body.zz|', 'no field matches'],
    ['$.body.customer.email |', 'a space (without Ctrl+Space)'],
  ])('offers nothing in %s (%s)', (text) => {
    expect(labelsAt(text)).toBeNull();
  });

  it('offers bindings and functions after $', () => {
    expect(labelsAt('$tr|')).toEqual(['$trigger', '$trim']);
    expect(labelsAt('$su|')).toEqual(['$substring', '$substringBefore', '$substringAfter', '$sum']);
  });

  it('offers the top level on Ctrl+Space where nothing is typed', () => {
    expect(labelsAt('$.body.id = |', true)).toEqual(['body', '$input', '$trigger', '$nodes', '$execution']);
  });

  it('replaces the whole word and quotes names that need it', () => {
    const source = '$.body.ord + 1';
    const completion = completionsAt(source, '$.body.ord'.length, sample);
    expect(completion).toMatchObject({ from: 7, to: 10, items: [{ label: 'order id', insert: '`order id`', detail: '7' }] });
  });

  it('inserts a function with its opening parenthesis', () => {
    expect(completionsAt('$coun', 5, sample)?.items[0]).toEqual({ label: '$count', insert: '$count(', detail: 'function' });
  });
});
