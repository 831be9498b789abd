import { describe, expect, it } from 'vitest';
import type { StepRecord } from '../api/types.ts';
import { firstToInspect, itemCount, itemCountText, overallStatus, recordsByNode, sampleRecord } from './step-records.ts';

function record(nodeId: string, status: StepRecord['status'], item?: number): StepRecord {
  return {
    nodeId,
    nodeType: 'core.map',
    status,
    input: item ?? null,
    output: item ?? null,
    ports: [],
    error: null,
    attempts: 1,
    startedAt: '',
    finishedAt: '',
    durationMs: 1,
    ...(item === undefined ? {} : { item }),
  };
}

describe('the records of a run, per node', () => {
  it('groups records by node and puts a loop body step in item order', () => {
    const grouped = recordsByNode([record('each', 'succeeded'), record('price', 'succeeded', 1), record('price', 'succeeded', 0), record('after', 'succeeded')]);
    expect(Object.keys(grouped)).toEqual(['each', 'price', 'after']);
    expect(grouped.price?.map((step) => step.item)).toEqual([0, 1]);
  });

  it.each<[string, StepRecord['status'][], StepRecord['status']]>([
    ['one that succeeded', ['succeeded'], 'succeeded'],
    ['items where one failed', ['succeeded', 'failed', 'succeeded'], 'failed'],
    ['items a filter partly skipped', ['skipped', 'succeeded'], 'succeeded'],
    ['items all skipped', ['skipped', 'skipped'], 'skipped'],
  ])('gives %s the overall status %s', (_name, statuses, overall) => {
    expect(overallStatus(statuses.map((status, item) => record('n', status, item)))).toBe(overall);
  });

  it('counts items only for steps in a loop', () => {
    expect(itemCount([record('n', 'succeeded')])).toBeNull();
    expect(itemCount([record('n', 'succeeded', 0), record('n', 'failed', 1), record('n', 'succeeded', 2)])).toBe(3);
    expect([itemCountText(1), itemCountText(3)]).toEqual(['1 item', '3 items']);
  });

  it('opens the first failed item, and takes the first that succeeded as sample data', () => {
    const records = [record('n', 'skipped', 0), record('n', 'succeeded', 1), record('n', 'failed', 2)];
    expect(firstToInspect(records)?.item).toBe(2);
    expect(sampleRecord(records)?.item).toBe(1);
    expect(sampleRecord(undefined)).toBeUndefined();
  });
});
