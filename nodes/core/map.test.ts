import { describe, expect, it } from 'vitest';
import { runNode } from '../sdk/testing/index.ts';
import { mapNode } from './map.ts';

const order = { body: { id: 1001, customer: { email: 'ada@example.com' }, lines: [{ sku: 'A', qty: 2, price: 5 }, { sku: 'B', qty: 1, price: 10 }] } };

describe('core.map', () => {
  it('fills a nested template, evaluating each expression in place and keeping literals', async () => {
    const step = await runNode(mapNode, {
      input: order,
      params: {
        output: {
          orderId: '=$.body.id',
          contact: { email: '=$.body.customer.email', channel: 'email' },
          skus: ['=$.body.lines[0].sku', '=$.body.lines[1].sku', 'C'],
          total: '=$sum($.body.lines.(qty * price))',
          flags: { vip: false, rank: 3, note: null },
        },
      },
    });

    expect(step.status).toBe('succeeded');
    expect(step.output).toEqual({
      orderId: 1001,
      contact: { email: 'ada@example.com', channel: 'email' },
      skus: ['A', 'B', 'C'],
      total: 20,
      flags: { vip: false, rank: 3, note: null },
    });
  });

  it('drops a key whose expression finds nothing, and keeps the place of one in an array as null', async () => {
    const step = await runNode(mapNode, { input: order, params: { output: { id: '=$.body.id', coupon: '=$.body.coupon', list: ['=$.body.coupon', 1] } } });

    expect(step.output).toEqual({ id: 1001, list: [null, 1] });
  });

  it.each([
    ['one expression for the whole output', '=$.body.lines.sku', ['A', 'B']],
    ['an object built in JSONata', '=$.body.{ "id": id, "count": $count(lines) }', { id: 1001, count: 2 }],
    ['a literal', 'fixed', 'fixed'],
    ['an expression that finds nothing', '=$.body.nothing', null],
  ])('outputs %s', async (_kind, output, expected) => {
    const step = await runNode(mapNode, { input: order, params: { output } });

    expect(step.output).toEqual(expected);
  });

  it('outputs null when no template is given', async () => {
    const step = await runNode(mapNode, { input: order });

    expect(step).toMatchObject({ status: 'succeeded', output: null });
  });
});
