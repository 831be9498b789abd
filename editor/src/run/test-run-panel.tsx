import { useState } from 'react';
import type { Json } from '../api/types.ts';
import { testRun } from '../editor/flow-actions.ts';
import { catalogEntryOf, editorStore, useEditor } from '../store/editor-state.ts';
import { clearPaint } from '../store/run-actions.ts';
import { ListenForTestEvent } from './listen-for-test-event.tsx';
import { PastEventPicker } from './past-event-picker.tsx';
import { waitingSummary } from './wait-text.ts';

/** Runs the draft with a JSON payload; each step's status then shows on the canvas. */
export function TestRunPanel() {
  const stored = useEditor((state) => state.testPayload);
  const [initial] = useState(defaultPayloadText);
  const text = stored ?? initial;
  const setText = (next: string) => editorStore.set({ testPayload: next });
  const [running, setRunning] = useState(false);
  const painted = useEditor((state) => state.painted);
  const hasWebhook = useEditor((state) => state.nodes.some((node) => node.data.type === 'core.webhook'));
  const pinnedCount = useEditor((state) => Object.keys(state.pinned).length);
  let parseError: string | null = null;
  try {
    JSON.parse(text);
  } catch (error) {
    parseError = error instanceof Error ? error.message : 'not valid JSON';
  }
  const run = async () => {
    const payload: Json = JSON.parse(text);
    setRunning(true);
    try {
      await testRun(payload);
    } finally {
      setRunning(false);
    }
  };
  return (
    <div className="test-run" data-testid="test-run-panel">
      <h2>Test run</h2>
      <p className="muted">
        Runs the current draft once with the event below, as if it had just arrived. For a webhook, put the request body under <code>body</code>.
      </p>
      {hasWebhook && <ListenForTestEvent />}
      <PastEventPicker />
      <label htmlFor="test-payload">Test event (JSON)</label>
      <textarea id="test-payload" className="code-input" rows={12} spellCheck={false} value={text} onChange={(event) => setText(event.target.value)} />
      {parseError !== null && <div className="field-error">This is not valid JSON yet: {parseError}</div>}
      <div className="button-row">
        <button type="button" className="primary-button" disabled={running || parseError !== null} onClick={() => void run()}>
          {running ? 'Running…' : 'Run test'}
        </button>
        {painted !== null && (
          <button type="button" className="small-button" onClick={clearPaint}>
            Clear results
          </button>
        )}
      </div>
      {pinnedCount > 0 && (
        <p className="muted small">Pinned outputs are sample data for editing only: a test run still runs every step.</p>
      )}
      {painted !== null && (
        <p className="muted" data-testid="run-summary">
          Showing {painted.label}: <span className={`status-badge status-${painted.status}`}>{painted.status}</span>
          {painted.status === 'waiting' && ` — ${waitingSummary(painted.waits) ?? ''}`}. Click a step to see its input and output.
        </p>
      )}
    </div>
  );
}

/** Starts from the trigger's sample event, so the first test run needs no typing. */
function defaultPayloadText(): string {
  const state = editorStore.get();
  const trigger = state.nodes.find((node) => catalogEntryOf(state, node)?.trigger === true);
  const sample = catalogEntryOf(state, trigger)?.sample;
  return JSON.stringify(sample ?? {}, null, 2);
}
