import type { Json } from '../api/types.ts';
import { editorStore, showNotice } from '../store/editor-state.ts';

/*
 * Pinned outputs live in this browser's localStorage, one entry per flow, not in the flow document:
 * they are real event data (customer details, tokens an API answered with), and the document
 * travels in exports, published versions and git, which must never carry such data. Keeping them
 * out of the document also keeps pinning out of undo history, "unsaved changes" and revision
 * conflicts. The cost: pins stay in the browser that made them.
 *
 * Pins are sample data only: a test run still runs every step (the run API has no way to skip a
 * step and feed it a stored output), so a pinned step is re-run like any other.
 */

const KEY_PREFIX = 'weft.pinned.';

function storageKey(flowId: string): string {
  return `${KEY_PREFIX}${flowId}`;
}

function isJsonRecord(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The pins saved for a flow, keeping only those of nodes it still has. */
export function loadPinnedOutputs(flowId: string, nodeIds: readonly string[]): Record<string, Json> {
  let stored: unknown;
  try {
    stored = JSON.parse(window.localStorage.getItem(storageKey(flowId)) ?? '{}');
  } catch {
    // A damaged entry (edited by hand, say) is dropped rather than breaking the editor.
    return {};
  }
  if (!isJsonRecord(stored)) return {};
  return Object.fromEntries(Object.entries(stored).filter(([nodeId]) => nodeIds.includes(nodeId)));
}

function savePinnedOutputs(flowId: string, pinned: Record<string, Json>): boolean {
  try {
    if (Object.keys(pinned).length === 0) window.localStorage.removeItem(storageKey(flowId));
    else window.localStorage.setItem(storageKey(flowId), JSON.stringify(pinned));
    return true;
  } catch {
    // Storage full or disabled: the pin still works until the page is reloaded.
    showNotice({ kind: 'error', text: 'The browser would not store the pinned output, so it will be gone after a reload.' });
    return false;
  }
}

export function pinOutput(nodeId: string, output: Json): void {
  const { flowId, pinned } = editorStore.get();
  if (flowId === null) return;
  const next = { ...pinned, [nodeId]: output };
  editorStore.set({ pinned: next });
  if (savePinnedOutputs(flowId, next)) {
    showNotice({ kind: 'success', text: `Pinned the output of ${nodeId}: the steps after it use it as their sample data.` });
  }
}

export function unpinOutput(nodeId: string): void {
  const { flowId, pinned } = editorStore.get();
  if (flowId === null) return;
  const { [nodeId]: _removed, ...next } = pinned;
  editorStore.set({ pinned: next });
  savePinnedOutputs(flowId, next);
  showNotice({ kind: 'info', text: `Unpinned the output of ${nodeId}.` });
}
