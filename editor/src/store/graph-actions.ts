import { addEdge, applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange } from '@xyflow/react';
import type { CatalogNode } from '../api/types.ts';
import { connectionProblem } from '../canvas/connection-rules.ts';
import { newNodeId } from '../canvas/node-ids.ts';
import { editorStore, showNotice, type StepData, type WeftNode } from './editor-state.ts';
import { checkpoint } from './history.ts';

// Consecutive edits of one field make one undo step, not one per keystroke.
let lastEditKey: string | null = null;

function markChanged(): void {
  editorStore.set({ dirty: true });
}

export function addStep(entry: CatalogNode, position: { x: number; y: number }): string {
  checkpoint();
  lastEditKey = null;
  const state = editorStore.get();
  const id = newNodeId(entry.type, new Set(state.nodes.map((node) => node.id)));
  const node: WeftNode = {
    id,
    type: 'step',
    position,
    selected: true,
    data: { type: entry.type, typeVersion: entry.typeVersion, params: {} },
  };
  editorStore.set({ nodes: [...state.nodes.map((other) => (other.selected === true ? { ...other, selected: false } : other)), node], dirty: true });
  return id;
}

/** Where "click to add" puts a node: at `preferred` (the middle of the view), nudged off any node already there. */
export function freePositionNear(preferred: { x: number; y: number }): { x: number; y: number } {
  const nodes = editorStore.get().nodes;
  let position = preferred;
  while (nodes.some((node) => Math.abs(node.position.x - position.x) < 60 && Math.abs(node.position.y - position.y) < 40)) {
    position = { x: position.x + 40, y: position.y + 70 };
  }
  return position;
}

export function changeNodes(changes: NodeChange<WeftNode>[]): void {
  const structural = changes.some((change) => change.type === 'remove' || change.type === 'add');
  if (structural) {
    checkpoint();
    lastEditKey = null;
  }
  const moved = changes.some((change) => change.type === 'position');
  editorStore.set((state) => ({ nodes: applyNodeChanges(changes, state.nodes), ...(structural || moved ? { dirty: true } : {}) }));
}

export function changeEdges(changes: EdgeChange[]): void {
  const structural = changes.some((change) => change.type === 'remove' || change.type === 'add');
  if (structural) {
    checkpoint();
    lastEditKey = null;
  }
  editorStore.set((state) => ({ edges: applyEdgeChanges(changes, state.edges), ...(structural ? { dirty: true } : {}) }));
}

/** Draws an edge, or says why it may not be drawn. */
export function connect(connection: Connection): boolean {
  const problem = connectionProblem(editorStore.get(), connection);
  if (problem !== null) {
    showNotice({ kind: 'error', text: problem });
    return false;
  }
  checkpoint();
  lastEditKey = null;
  editorStore.set((state) => ({ edges: addEdge({ ...connection, id: `${connection.source}.${connection.sourceHandle}->${connection.target}.${connection.targetHandle}` }, state.edges) }));
  markChanged();
  return true;
}

/** Changes a node's settings; `field` groups keystrokes into one undo step. */
export function updateStep(nodeId: string, field: string, update: (data: StepData) => StepData): void {
  const key = `${nodeId}:${field}`;
  if (lastEditKey !== key) checkpoint();
  lastEditKey = key;
  editorStore.set((state) => ({
    nodes: state.nodes.map((node) => (node.id === nodeId ? { ...node, data: update(node.data) } : node)),
    dirty: true,
  }));
}

export function selectOnly(nodeId: string): void {
  editorStore.set((state) => ({ nodes: state.nodes.map((node) => ({ ...node, selected: node.id === nodeId })) }));
}

export function deleteSelected(): void {
  const state = editorStore.get();
  const doomed = new Set(state.nodes.filter((node) => node.selected === true).map((node) => node.id));
  const edgesLeft = state.edges.filter((edge) => edge.selected !== true && !doomed.has(edge.source) && !doomed.has(edge.target));
  if (doomed.size === 0 && edgesLeft.length === state.edges.length) return;
  checkpoint();
  lastEditKey = null;
  editorStore.set({ nodes: state.nodes.filter((node) => !doomed.has(node.id)), edges: edgesLeft, dirty: true });
}

/** Adds a step after an output port, connected to it, one column to the right. */
export function addStepAfter(entry: CatalogNode, from: { nodeId: string; port: string }): void {
  const state = editorStore.get();
  const source = state.nodes.find((node) => node.id === from.nodeId);
  if (source === undefined) return;
  const siblings = state.edges.filter((edge) => edge.source === from.nodeId).length;
  const id = addStep(entry, freePositionNear({ x: source.position.x + 280, y: source.position.y + siblings * 120 }));
  const input = entry.inputs[0];
  if (input !== undefined) {
    editorStore.set((current) => ({
      edges: [
        ...current.edges,
        { id: `${from.nodeId}.${from.port}->${id}.${input}`, source: from.nodeId, sourceHandle: from.port, target: id, targetHandle: input },
      ],
    }));
  }
  editorStore.set({ addingAfter: null });
}
