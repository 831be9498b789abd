import type { Edge } from '@xyflow/react';
import { newNodeId } from '../canvas/node-ids.ts';
import { editorStore, showNotice, type WeftNode } from './editor-state.ts';
import { checkpoint } from './history.ts';

// Kept in memory rather than the system clipboard: pasting steps between tabs of one editor is rare,
// and reading the system clipboard needs a permission prompt.
let copied: { nodes: WeftNode[]; edges: Edge[] } | null = null;

/** Copies the selected steps and the edges between them. */
export function copySelection(): void {
  const state = editorStore.get();
  const nodes = state.nodes.filter((node) => node.selected === true);
  if (nodes.length === 0) return;
  const ids = new Set(nodes.map((node) => node.id));
  copied = { nodes, edges: state.edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target)) };
  showNotice({ kind: 'info', text: `Copied ${nodes.length} step${nodes.length === 1 ? '' : 's'}. Press Ctrl+V to paste.` });
}

/** Pastes the copied steps beside the originals, with fresh ids, selected so they can be moved at once. */
export function pasteCopied(): void {
  if (copied === null) return;
  checkpoint();
  const state = editorStore.get();
  const taken = new Set(state.nodes.map((node) => node.id));
  const renamed = new Map<string, string>();
  for (const node of copied.nodes) {
    const id = newNodeId(node.data.type, taken);
    taken.add(id);
    renamed.set(node.id, id);
  }
  const nodes = copied.nodes.map((node) => ({
    ...node,
    id: renamed.get(node.id) ?? node.id,
    position: { x: node.position.x + 40, y: node.position.y + 60 },
    selected: true,
  }));
  const edges = copied.edges.map((edge) => {
    const source = renamed.get(edge.source) ?? edge.source;
    const target = renamed.get(edge.target) ?? edge.target;
    return { ...edge, id: `${source}.${edge.sourceHandle}->${target}.${edge.targetHandle}`, source, target, selected: false };
  });
  editorStore.set({
    nodes: [...state.nodes.map((node) => (node.selected === true ? { ...node, selected: false } : node)), ...nodes],
    edges: [...state.edges, ...edges],
    dirty: true,
  });
}
