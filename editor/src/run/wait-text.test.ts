import { describe, expect, it } from 'vitest';
import type { PendingWait } from '../api/types.ts';
import { waitingSummary, waitText } from './wait-text.ts';

const at = (iso: string) => `<${iso}>`;
const noon = '2026-11-24T12:00:00.000Z';

describe('what a waiting execution waits for', () => {
  it.each<[string, PendingWait, string]>([
    ['a delay', { nodeId: 'hold', attempts: 1, resumeAt: noon, node: { state: null } }, `waiting until <${noon}>`],
    ['another flow', { nodeId: 'call', attempts: 1, resumeAt: noon, node: { signal: 'execution:exec_9', state: {} } }, 'waiting for another flow'],
    ['a delivery', { nodeId: 'send', attempts: 1, resumeAt: noon, node: { signal: 'delivery:dlv_1', state: {} } }, 'waiting for a delivery'],
    ['a retry', { nodeId: 'call', attempts: 2, resumeAt: noon }, `waiting to retry (attempt 3) at <${noon}>`],
    ['a rate limit', { nodeId: 'call', attempts: 0, resumeAt: noon, turnTaken: true }, `waiting its turn under the credential's rate limit, until <${noon}>`],
  ])('says so for %s', (_name, wait, text) => {
    expect(waitText(wait, at)).toBe(text);
  });

  it('sums several waits up by the one that goes on first, naming its step and item', () => {
    const later = { nodeId: 'hold', item: 1, attempts: 1, resumeAt: '2026-11-24T13:00:00.000Z', node: { state: null } };
    const first = { nodeId: 'hold', item: 0, attempts: 1, resumeAt: noon, node: { state: null } };
    const signalOnly = { nodeId: 'call', attempts: 1, resumeAt: null, node: { signal: 'execution:exec_2', state: {} } };
    expect(waitingSummary([signalOnly, later, first], at)).toBe(`waiting until <${noon}> (at hold, item 0; 2 more waiting)`);
    expect(waitingSummary([signalOnly], at)).toBe('waiting for another flow (at call)');
    expect(waitingSummary([], at)).toBeNull();
  });
});
