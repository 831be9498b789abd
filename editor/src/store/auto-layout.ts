import { editorStore } from './editor-state.ts';
import { checkpoint } from './history.ts';

const COLUMN = 280;
const ROW = 130;

/** Lays the flow out left to right: each step one column after the furthest step that feeds it. */
export function tidyUp(): void {
  const state = editorStore.get();
  if (state.nodes.length === 0) return;
  const depth = new Map<string, number>();
  const depthOf = (id: string, seen: Set<string>): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    // A cycle (refused at save, but possible in a draft) must not recurse forever.
    if (seen.has(id)) return 0;
    seen.add(id);
    const parents = state.edges.filter((edge) => edge.target === id).map((edge) => depthOf(edge.source, seen) + 1);
    const value = Math.max(0, ...parents);
    depth.set(id, value);
    return value;
  };
  const columns = new Map<number, string[]>();
  for (const node of state.nodes) {
    const column = depthOf(node.id, new Set());
    columns.set(column, [...(columns.get(column) ?? []), node.id]);
  }
  const positions = new Map<string, { x: number; y: number }>();
  for (const [column, ids] of columns) {
    ids.forEach((id, row) => positions.set(id, { x: column * COLUMN, y: (row - (ids.length - 1) / 2) * ROW }));
  }
  checkpoint();
  editorStore.set({ nodes: state.nodes.map((node) => ({ ...node, position: positions.get(node.id) ?? node.position })), dirty: true });
}
