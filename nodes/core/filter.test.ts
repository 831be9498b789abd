import { describe, expect, it } from 'vitest';
import { runNode } from '../sdk/testing/index.ts';
import { filterNode } from './filter.ts';

const paidOrder = { body: { financial_status: 'paid', total: 25 } };

describe('core.filter', () => {
  it.each([
    ['a true literal', true, 'true'],
    ['a false literal', false, 'false'],
    ['a condition that holds', '=$.body.financial_status = "paid"', 'true'],
    ['a condition that does not hold', '=$.body.total > 100', 'false'],
    ['a condition that finds nothing', '=$.body.refunded', 'false'],
  ])('passes its input through "%s" on %s', async (_why, condition, port) => {
    const step = await runNode(filterNode, { input: paidOrder, params: { condition } });

    expect(step).toMatchObject({ status: 'succeeded', output: paidOrder, ports: [port] });
  });

  it('sends the input through "false" when no condition is set', async () => {
    const step = await runNode(filterNode, { input: paidOrder });

    expect(step.ports).toEqual(['false']);
  });
});
