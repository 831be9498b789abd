import type { StepRecord } from '../api/types.ts';

/**
 * A node's records in one execution, by node id: one record, or one per item for a step in a
 * loop's body (after core.each's "item" port), in item order.
 */
export function recordsByNode(steps: readonly StepRecord[]): Record<string, StepRecord[]> {
  const grouped: Record<string, StepRecord[]> = {};
  for (const step of steps) (grouped[step.nodeId] ??= []).push(step);
  for (const records of Object.values(grouped)) records.sort((a, b) => (a.item ?? -1) - (b.item ?? -1));
  return grouped;
}

/** How a node fared over all its items: any failure fails it; it was skipped only when every item skipped it. */
export function overallStatus(records: readonly StepRecord[]): StepRecord['status'] {
  if (records.some((record) => record.status === 'failed')) return 'failed';
  return records.some((record) => record.status === 'succeeded') ? 'succeeded' : 'skipped';
}

/** How many items a step ran for, or null for a step outside a loop. */
export function itemCount(records: readonly StepRecord[]): number | null {
  return records.some((record) => record.item !== undefined) ? records.length : null;
}

/** "3 items", "1 item". */
export function itemCountText(count: number): string {
  return `${count} ${count === 1 ? 'item' : 'items'}`;
}

/** The record to show first: the first failed item (what people open a run to find), else the first. */
export function firstToInspect(records: readonly StepRecord[]): StepRecord | undefined {
  return records.find((record) => record.status === 'failed') ?? records[0];
}

/** The record whose input and output stand for the step as sample data: the first that succeeded. */
export function sampleRecord(records: readonly StepRecord[] | undefined): StepRecord | undefined {
  return records?.find((record) => record.status === 'succeeded') ?? records?.[0];
}
