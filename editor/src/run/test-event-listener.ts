import { describeError } from '../api/client.ts';
import type { Json } from '../api/types.ts';
import { weftApi } from '../api/weft-api.ts';
import { saveFlow } from '../editor/flow-actions.ts';
import { createStore, useSelector } from '../store/create-store.ts';
import { editorStore, showNotice } from '../store/editor-state.ts';

/** "Listen for a test event" in progress, outside any component so switching tabs does not stop it. */
export interface TestListenerState {
  flowId: string | null;
  phase: 'idle' | 'starting' | 'listening';
  expiresAt: string | null;
  /** When this page last received a captured request, for the inspector to say so. */
  capturedAt: string | null;
}

const testListenerStore = createStore<TestListenerState>({ flowId: null, phase: 'idle', expiresAt: null, capturedAt: null });

export function useTestListener<Slice>(selector: (state: TestListenerState) => Slice): Slice {
  return useSelector(testListenerStore, selector);
}

// The server holds each poll up to this long; the loop asks again until capture, expiry or cancel.
const LONG_POLL_SECONDS = 25;
let running: AbortController | null = null;

/**
 * Saves the draft (the test URL answers for the saved draft's triggers), arms the flow's test URL
 * and waits for the request it captures; that request becomes the test run's event and the sample
 * the steps after the trigger are edited against.
 */
export async function listenForTestEvent(): Promise<void> {
  const flowId = editorStore.get().flowId;
  if (flowId === null) return;
  running?.abort();
  const mine = new AbortController();
  running = mine;
  testListenerStore.set({ flowId, phase: 'starting', expiresAt: null });
  if (editorStore.get().dirty && !(await saveFlow())) return finish(mine);
  try {
    const armed = await weftApi.listenForTestEvent(flowId);
    if (mine.signal.aborted) return;
    testListenerStore.set({ phase: 'listening', expiresAt: armed.expiresAt });
    await waitForCapture(flowId, mine.signal);
  } catch (error) {
    if (!mine.signal.aborted) showNotice({ kind: 'error', text: `Could not listen for a test event: ${describeError(error)}` });
  }
  finish(mine);
}

async function waitForCapture(flowId: string, signal: AbortSignal): Promise<void> {
  for (;;) {
    const slot = await weftApi.testEvent(flowId, LONG_POLL_SECONDS);
    // Cancelled, or another flow opened meanwhile: this answer is no longer wanted.
    if (signal.aborted || editorStore.get().flowId !== flowId) return;
    if (slot.event !== null) return adoptCapturedEvent(slot.event.payload, slot.event.capturedAt);
    if (slot.status === 'idle') {
      showNotice({ kind: 'info', text: 'Stopped listening: no request reached the test URL in time. Press "Listen for a test event" to try again.' });
      return;
    }
  }
}

function adoptCapturedEvent(payload: Json, capturedAt: string): void {
  editorStore.set({ testPayload: JSON.stringify(payload, null, 2) });
  testListenerStore.set({ capturedAt });
  showNotice({ kind: 'success', text: 'Test event received. It is now the event for test runs and the sample data of the steps after the trigger.' });
}

function finish(mine: AbortController): void {
  if (running !== mine) return;
  running = null;
  testListenerStore.set({ phase: 'idle', expiresAt: null });
}

/** Stops waiting here and closes the test URL on the server. */
export async function cancelListening(): Promise<void> {
  const current = running;
  const flowId = testListenerStore.get().flowId;
  if (current === null || flowId === null) return;
  current.abort();
  finish(current);
  try {
    await weftApi.stopTestEvent(flowId);
  } catch (error) {
    showNotice({ kind: 'error', text: `Could not stop listening: ${describeError(error)}` });
  }
}
