import { ApiError, describeError } from '../api/client.ts';
import type { ExecutionDetails, Json } from '../api/types.ts';
import { weftApi } from '../api/weft-api.ts';
import { loadPinnedOutputs } from '../run/pinned-outputs.ts';
import { isSettled } from '../executions/execution-status.ts';
import { waitingSummary } from '../run/wait-text.ts';
import { catalogKey, editorStore, emptyEditorState, type Notice, showNotice } from '../store/editor-state.ts';
import { documentOfState, stateOfFlow } from '../store/flow-mapping.ts';
import { paintExecution } from '../store/run-actions.ts';

/** Loads the catalog and a flow into the editor store. */
export async function openFlow(flowId: string): Promise<void> {
  const [catalog, flow] = await Promise.all([weftApi.catalog(), weftApi.getFlow(flowId)]);
  const live = flow.publishedVersion === null ? null : await weftApi.getVersion(flowId, flow.publishedVersion);
  editorStore.set({
    ...emptyEditorState(),
    catalog: new Map(catalog.map((entry) => [catalogKey(entry.type, entry.typeVersion), entry])),
    ...stateOfFlow(flow),
    liveJson: live === null ? null : JSON.stringify(live.document),
    pinned: loadPinnedOutputs(flow.id, flow.document.nodes.map((node) => node.id)),
  });
}

/** Saves the draft against the revision it was loaded at; false when it was not saved. */
export async function saveFlow(): Promise<boolean> {
  const state = editorStore.get();
  try {
    const saved = await weftApi.saveFlow(documentOfState(state), state.baseRevision);
    editorStore.set({ baseRevision: saved.draftRevision, problems: saved.problems, name: saved.name, savedJson: JSON.stringify(saved.document), dirty: editorStore.get().nodes !== state.nodes || editorStore.get().edges !== state.edges });
    showNotice(
      saved.problems.length === 0
        ? { kind: 'success', text: 'Saved.' }
        : { kind: 'info', text: `Saved as a draft. ${problemCount(saved.problems.length)} to fix before it can be published or run.` },
    );
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'revision_conflict') {
      editorStore.set({ conflict: true });
      return false;
    }
    reportFailure('Could not save', error);
    return false;
  }
}

/** Conflict resolution: throw away local edits and take what is on the server. */
export async function reloadFlow(): Promise<void> {
  const flowId = editorStore.get().flowId;
  if (flowId === null) return;
  const flow = await weftApi.getFlow(flowId);
  editorStore.set({ ...stateOfFlow(flow), steps: {}, painted: null });
  showNotice({ kind: 'info', text: 'Reloaded the latest saved version.' });
}

/** Conflict resolution: save local edits over whatever someone else saved. */
export async function overwriteFlow(): Promise<void> {
  const flowId = editorStore.get().flowId;
  if (flowId === null) return;
  const current = await weftApi.getFlow(flowId);
  editorStore.set({ baseRevision: current.draftRevision, conflict: false });
  await saveFlow();
}

export async function publishFlow(): Promise<void> {
  if (!(await saveIfNeeded())) return;
  const flowId = editorStore.get().flowId;
  if (flowId === null) return;
  try {
    const published = await weftApi.publish(flowId);
    editorStore.set((state) => ({ publishedVersion: published.publishedVersion, liveJson: state.savedJson }));
    showNotice({ kind: 'success', text: `Published as version ${published.publishedVersion}. It now runs for every event it receives.` });
  } catch (error) {
    if (error instanceof ApiError && error.problems().length > 0) {
      editorStore.set({ problems: error.problems() });
      showNotice({ kind: 'error', text: `Not published: ${problemCount(error.problems().length)} must be fixed first (listed below the canvas).` });
      return;
    }
    reportFailure('Could not publish', error);
  }
}

/** Takes the flow off the air: its webhook URL answers 404 and its schedules stop; versions are kept. */
export async function unpublishFlow(): Promise<void> {
  const flowId = editorStore.get().flowId;
  if (flowId === null) return;
  try {
    await weftApi.unpublish(flowId);
    editorStore.set({ publishedVersion: null, liveJson: null });
    showNotice({ kind: 'info', text: 'Unpublished. Its webhook URL and schedules are off until you publish again.' });
  } catch (error) {
    reportFailure('Could not unpublish', error);
  }
}

/** Runs the saved draft with a payload and paints the result. */
export async function testRun(payload: Json): Promise<ExecutionDetails | null> {
  if (!(await saveIfNeeded())) return null;
  const flowId = editorStore.get().flowId;
  if (flowId === null) return null;
  try {
    const answer = await weftApi.run(flowId, payload, RUN_ANSWER_WAIT_MS);
    const execution = 'steps' in answer ? answer : await waitForExecution(answer.executionId);
    paintExecution(execution, 'the test run');
    showNotice(testRunNotice(execution));
    return execution;
  } catch (error) {
    if (error instanceof ApiError && error.problems().length > 0) {
      editorStore.set({ problems: error.problems() });
      showNotice({ kind: 'error', text: `The flow cannot run yet: ${problemCount(error.problems().length)} to fix.` });
      return null;
    }
    reportFailure('The test run failed', error);
    return null;
  }
}

/**
 * How long the run request may hold its answer. Weft answers as soon as a run finishes, but not
 * when one starts waiting (a delay, another flow): then this page asks for it instead.
 */
const RUN_ANSWER_WAIT_MS = 3_000;
const RUN_POLL_MS = 500;

async function waitForExecution(executionId: string): Promise<ExecutionDetails> {
  for (;;) {
    const execution = await weftApi.getExecution(executionId);
    if (isSettled(execution.status)) return execution;
    await new Promise((resolve) => setTimeout(resolve, RUN_POLL_MS));
  }
}

function testRunNotice(execution: ExecutionDetails): Notice {
  if (execution.status === 'succeeded') return { kind: 'success', text: 'Test run finished. Click a step to see its input and output.' };
  if (execution.status === 'waiting') {
    return { kind: 'info', text: `The test run is ${waitingSummary(execution.waits) ?? 'waiting'}. It goes on by itself; find it under Executions.` };
  }
  return { kind: 'error', text: `Test run ${execution.status}${execution.error ? `: ${execution.error.message}` : ''}. Click the red step to see why.` };
}

async function saveIfNeeded(): Promise<boolean> {
  return editorStore.get().dirty ? saveFlow() : true;
}

export async function downloadExport(flowId: string): Promise<void> {
  try {
    const text = await weftApi.exportFlow(flowId);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    link.download = `${flowId}.flow.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  } catch (error) {
    reportFailure('Could not export', error);
  }
}

export function problemCount(count: number): string {
  return `${count} problem${count === 1 ? '' : 's'}`;
}

function reportFailure(what: string, error: unknown): void {
  showNotice({ kind: 'error', text: `${what}: ${describeError(error)}` });
}
