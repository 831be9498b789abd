import { ApiError, describeError } from '../api/client.ts';
import type { ExecutionSummary, TryDraftResult } from '../api/types.ts';
import { weftApi } from '../api/weft-api.ts';
import { problemCount, saveFlow } from '../editor/flow-actions.ts';
import { editorStore } from '../store/editor-state.ts';

export type TryOutcome = { kind: 'done'; result: TryDraftResult } | { kind: 'refused'; message: string };

/** Most events one try takes (the server's limit). */
export const MAX_TRIED_EVENTS = 20;

/** Events the published flow received and finished: the ones worth trying a change on. */
export async function pastLiveEvents(flowId: string): Promise<ExecutionSummary[]> {
  const items = await weftApi.listExecutions(flowId);
  return items.filter((item) => item.flowVersion !== null && (item.status === 'succeeded' || item.status === 'failed'));
}

/** Saves unsaved edits (the server tries the saved draft), then runs the draft on the chosen events. */
export async function tryDraftOn(executionIds: string[], allowSideEffects: boolean): Promise<TryOutcome> {
  if (editorStore.get().dirty && !(await saveFlow())) return { kind: 'refused', message: 'Your changes could not be saved, so there is no draft to try yet.' };
  const flowId = editorStore.get().flowId;
  if (flowId === null) return { kind: 'refused', message: 'No flow is open.' };
  try {
    return { kind: 'done', result: await weftApi.tryDraft(flowId, executionIds, allowSideEffects) };
  } catch (error) {
    if (error instanceof ApiError && error.problems().length > 0) {
      editorStore.set({ problems: error.problems() });
      return { kind: 'refused', message: `The draft cannot run yet: ${problemCount(error.problems().length)} to fix first (listed below the canvas).` };
    }
    return { kind: 'refused', message: describeError(error) };
  }
}
