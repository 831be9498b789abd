import { useState } from 'react';
import { editorStore, useEditor } from '../store/editor-state.ts';
import { addStepAfter } from '../store/graph-actions.ts';
import { Dialog } from '../ui/dialog.tsx';
import { iconOf } from '../ui/icons.ts';

/** Opened by a node's "+": choose the step that follows that output; it is added and connected. */
export function NextStepPicker() {
  const addingAfter = useEditor((state) => state.addingAfter);
  const catalog = useEditor((state) => state.catalog);
  const [query, setQuery] = useState('');
  if (addingAfter === null) return null;
  const needle = query.trim().toLowerCase();
  const choices = [...catalog.values()].filter(
    (entry) => entry.latest && !entry.trigger && (needle === '' || `${entry.displayName} ${entry.description}`.toLowerCase().includes(needle)),
  );
  const close = () => editorStore.set({ addingAfter: null });
  return (
    <Dialog title={`Add a step after ${addingAfter.nodeId}${addingAfter.port === 'out' ? '' : ` (${addingAfter.port})`}`} onClose={close}>
      <input type="search" placeholder="Search steps…" aria-label="Search steps to add" value={query} autoFocus onChange={(event) => setQuery(event.target.value)} />
      <div className="picker-list">
        {choices.map((entry) => (
          <button key={`${entry.type}@${entry.typeVersion}`} type="button" className="picker-item" onClick={() => addStepAfter(entry, addingAfter)}>
            <span className="palette-icon" aria-hidden="true">
              {iconOf(entry.icon)}
            </span>
            <span>
              <strong>{entry.displayName}</strong>
              <span className="muted small picker-description">{entry.description}</span>
            </span>
          </button>
        ))}
        {choices.length === 0 && <p className="muted">No step matches “{query}”.</p>}
      </div>
      <div className="button-row">
        <button type="button" onClick={close}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
