import { describe, expect, it } from 'vitest';
import type { ExpressionSample } from './expression-sample.ts';
import { childFields, type SourceField, sourceGroups, targetNameFor } from './mapping-sources.ts';

const sample: ExpressionSample = {
  input: { customer: { email: 'ada@example.com' }, items: [{ sku: 'A1' }, { qty: 2 }], 'order id': 7 },
  trigger: { body: { id: 1001 } },
  nodes: { webhook: { body: { id: 1001 } } },
  execution: { id: 'preview', flowId: 'f', flowVersion: null },
};

/** Every path in a tree, depth first. */
function paths(field: SourceField): string[] {
  return [field.path, ...childFields(field).flatMap(paths)];
}

describe('sourceGroups', () => {
  it('lists the input, the trigger and earlier steps, each field with the path that reads it', () => {
    const groups = sourceGroups(sample);
    expect(groups.map((group) => group.root.label)).toEqual(['Input', 'Trigger', 'Earlier steps']);
    expect(groups.map((group) => paths(group.root))).toEqual([
      ['$', '$.customer', '$.customer.email', '$.items', '$.items.sku', '$.items.qty', '$.`order id`'],
      ['$trigger', '$trigger.body', '$trigger.body.id'],
      ['$nodes', '$nodes.webhook', '$nodes.webhook.body', '$nodes.webhook.body.id'],
    ]);
  });

  it('leaves out what has no sample', () => {
    expect(sourceGroups({ ...sample, input: undefined, trigger: undefined, nodes: {} })).toEqual([]);
  });
});

describe('targetNameFor', () => {
  it.each([
    ['$.customer.email', [], 'email'],
    ['$trigger.body.id', ['id'], 'id2'],
    ['$.`order id`', [], 'order id'],
    ['$', [], 'input'],
    ['$trigger', [], 'trigger'],
    ['$nodes.webhook', ['webhook', 'webhook2'], 'webhook3'],
  ])('%s (taken: %j) → %s', (path, taken, expected) => {
    expect(targetNameFor(path, new Set(taken))).toBe(expected);
  });
});
