import { editorStore, useEditor } from '../store/editor-state.ts';
import { Dialog } from '../ui/dialog.tsx';
import { overwriteFlow, reloadFlow } from './flow-actions.ts';

/** Shown when saving hit a newer revision: no edit is lost without the person choosing it. */
export function ConflictDialog() {
  const conflict = useEditor((state) => state.conflict);
  if (!conflict) return null;
  return (
    <Dialog title="Someone else saved this flow" onClose={() => editorStore.set({ conflict: false })}>
      <p>This flow was changed and saved by someone else (or in another tab) since you opened it.</p>
      <p>
        <strong>Reload</strong> shows their version and drops your unsaved changes. <strong>Overwrite</strong> saves your version over theirs.
      </p>
      <div className="button-row">
        <button type="button" onClick={() => void reloadFlow()}>
          Reload
        </button>
        <button type="button" className="danger-button" onClick={() => void overwriteFlow()}>
          Overwrite
        </button>
        <button type="button" className="small-button" onClick={() => editorStore.set({ conflict: false })}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
