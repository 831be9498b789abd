import { useCallback, useEffect, useState } from 'react';
import { Dialog } from '../ui/dialog.tsx';
import { navigate } from '../ui/router.ts';
import { editorStore, useEditor } from '../store/editor-state.ts';
import { redo, undo } from '../store/history.ts';
import { TryDraftDialog } from '../try-draft/try-draft-dialog.tsx';
import { downloadExport, publishFlow, saveFlow, unpublishFlow } from './flow-actions.ts';

/** Flow name, status and the actions on the whole flow. */
export function EditorToolbar() {
  const flowId = useEditor((state) => state.flowId);
  const name = useEditor((state) => state.name);
  const dirty = useEditor((state) => state.dirty);
  const published = useEditor((state) => state.publishedVersion);
  const unpublished = useEditor((state) => state.liveJson !== null && (state.dirty || state.savedJson !== state.liveJson));
  const canUndo = useEditor((state) => state.past.length > 0);
  const canRedo = useEditor((state) => state.future.length > 0);
  const [leaving, setLeaving] = useState(false);
  const [unpublishing, setUnpublishing] = useState(false);
  const [trying, setTrying] = useState(false);
  const stopTrying = useCallback(() => setTrying(false), []);
  useSaveShortcut();
  return (
    <header className="toolbar">
      <a
        className="toolbar-back"
        href="#/"
        onClick={(event) => {
          // Leaving with unsaved edits asks first: no edit is lost without the person choosing it.
          if (!editorStore.get().dirty) return;
          event.preventDefault();
          setLeaving(true);
        }}
      >
        ← Flows
      </a>
      {leaving && <LeaveDialog onStay={() => setLeaving(false)} />}
      {trying && <TryDraftDialog onClose={stopTrying} />}
      {unpublishing && (
        <Dialog title="Unpublish this flow?" onClose={() => setUnpublishing(false)}>
          <p>Its webhook URL will answer “not found” and its schedules stop until you publish again. The draft and past versions are kept.</p>
          <div className="button-row">
            <button type="button" className="danger-button" onClick={() => void unpublishFlow().then(() => setUnpublishing(false))}>
              Unpublish
            </button>
            <button type="button" onClick={() => setUnpublishing(false)}>
              Cancel
            </button>
          </div>
        </Dialog>
      )}
      <input
        className="flow-name"
        aria-label="Flow name"
        value={name}
        onChange={(event) => editorStore.set({ name: event.target.value, dirty: true })}
      />
      <span className={published === null ? 'pill pill-draft' : 'pill pill-live'} data-testid="flow-status">
        {published === null ? 'Draft' : `Published v${published}`}
      </span>
      <span className="muted small save-state" title={unpublished ? 'The live version differs from this draft; publish to make the draft live' : undefined}>
        {dirty ? 'Unsaved changes' : unpublished ? 'Saved · draft has unpublished changes' : 'All changes saved'}
      </span>
      <div className="toolbar-actions">
        <button type="button" className="icon-button" title="Undo (Ctrl+Z)" aria-label="Undo" disabled={!canUndo} onClick={undo}>
          ↶
        </button>
        <button type="button" className="icon-button" title="Redo (Ctrl+Shift+Z)" aria-label="Redo" disabled={!canRedo} onClick={redo}>
          ↷
        </button>
        <button type="button" onClick={() => void saveFlow()} title="Save the draft (Ctrl+S)">
          Save
        </button>
        <button type="button" onClick={() => setTrying(true)} title="Run the draft on events the live flow received, without sending anything, and see what would change">
          Try on past events
        </button>
        <button type="button" onClick={() => flowId !== null && void downloadExport(flowId)}>
          Export
        </button>
        {published !== null && (
          <button type="button" onClick={() => setUnpublishing(true)} title="Turn off the webhook URL and schedules">
            Unpublish
          </button>
        )}
        <button type="button" className="primary-button" onClick={() => void publishFlow()}>
          Publish
        </button>
      </div>
    </header>
  );
}

function useSaveShortcut(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void saveFlow();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

function LeaveDialog({ onStay }: { onStay(): void }) {
  return (
    <Dialog title="Leave without saving?" onClose={onStay}>
      <p>This flow has changes that are not saved yet.</p>
      <div className="button-row">
        <button type="button" className="primary-button" onClick={() => void saveFlow().then((saved) => saved && navigate('/'))}>
          Save and leave
        </button>
        <button type="button" className="danger-button" onClick={() => navigate('/')}>
          Leave without saving
        </button>
        <button type="button" onClick={onStay}>
          Stay
        </button>
      </div>
    </Dialog>
  );
}
