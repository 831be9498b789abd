import { editorStore, type Snapshot } from './editor-state.ts';

const HISTORY_LIMIT = 100;

// React Flow reports one deletion as separate node and edge changes; checkpoints taken in the same
// task belong to one user action and make one undo step.
let checkpointTaken = false;

/** Records the canvas as it is now, before a change, so Ctrl+Z can bring it back. */
export function checkpoint(): void {
  if (checkpointTaken) return;
  checkpointTaken = true;
  setTimeout(() => {
    checkpointTaken = false;
  }, 0);
  editorStore.set((state) => ({
    past: [...state.past.slice(-(HISTORY_LIMIT - 1)), { nodes: state.nodes, edges: state.edges }],
    future: [],
  }));
}

export function undo(): void {
  editorStore.set((state) => {
    const previous = state.past.at(-1);
    if (previous === undefined) return {};
    return { ...restore(previous), past: state.past.slice(0, -1), future: [{ nodes: state.nodes, edges: state.edges }, ...state.future], dirty: true };
  });
}

export function redo(): void {
  editorStore.set((state) => {
    const next = state.future[0];
    if (next === undefined) return {};
    return { ...restore(next), future: state.future.slice(1), past: [...state.past, { nodes: state.nodes, edges: state.edges }], dirty: true };
  });
}

function restore(snapshot: Snapshot): Snapshot {
  return { nodes: snapshot.nodes, edges: snapshot.edges };
}
