import type { ExecutionDetails } from '../api/types.ts';
import { recordsByNode } from '../run/step-records.ts';
import { editorStore } from './editor-state.ts';

/** Paints an execution's steps on the canvas (status badges, and input/output in the inspector). */
export function paintExecution(execution: ExecutionDetails, label: string): void {
  editorStore.set({
    steps: recordsByNode(execution.steps),
    painted: { executionId: execution.id, status: execution.status, label, waits: execution.waits },
  });
}

export function clearPaint(): void {
  editorStore.set({ steps: {}, painted: null });
}
