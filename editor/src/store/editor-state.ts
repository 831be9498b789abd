import type { Edge, Node } from '@xyflow/react';
import type { CatalogNode, ExecutionStatus, Json, JsonObject, PendingWait, Problem, StepRecord } from '../api/types.ts';
import { createStore, useSelector } from './create-store.ts';

/** What a canvas node carries: exactly the flow document's node, minus id and position. */
export type StepData = {
  type: string;
  typeVersion: number;
  name?: string;
  params: JsonObject;
  notes?: string;
  credentials?: Record<string, string>;
};

export type WeftNode = Node<StepData, 'step'>;

export interface Snapshot {
  nodes: WeftNode[];
  edges: Edge[];
}

export interface Notice {
  kind: 'error' | 'info' | 'success';
  text: string;
}

/** Which execution's step results are painted on the canvas. */
export interface PaintedRun {
  executionId: string;
  status: ExecutionStatus;
  label: string;
  /** What the execution waits for, when it is waiting. */
  waits: PendingWait[];
}

export interface EditorState {
  flowId: string | null;
  name: string;
  description: string;
  settings: JsonObject | undefined;
  baseRevision: number;
  publishedVersion: number | null;
  nodes: WeftNode[];
  edges: Edge[];
  dirty: boolean;
  problems: Problem[];
  /** The painted run's records by node id: one per node, or one per item for a step in a loop's body. */
  steps: Record<string, StepRecord[]>;
  painted: PaintedRun | null;
  catalog: Map<string, CatalogNode>;
  notice: Notice | null;
  conflict: boolean;
  /** The test run panel's event text, kept here so a past execution's event can be put into it. */
  testPayload: string | null;
  /** Outputs the user pinned as sample data for the steps after them, by node id (kept per browser, see run/pinned-outputs.ts). */
  pinned: Record<string, Json>;
  /** The saved draft and the live version, as JSON, to tell whether the draft has unpublished changes. */
  savedJson: string;
  liveJson: string | null;
  /** The output port whose "+" was clicked: the step picker adds the next step there. */
  addingAfter: { nodeId: string; port: string } | null;
  past: Snapshot[];
  future: Snapshot[];
}

export function emptyEditorState(): EditorState {
  return {
    flowId: null,
    name: '',
    description: '',
    settings: undefined,
    baseRevision: 0,
    publishedVersion: null,
    nodes: [],
    edges: [],
    dirty: false,
    problems: [],
    steps: {},
    painted: null,
    catalog: new Map(),
    notice: null,
    conflict: false,
    testPayload: null,
    pinned: {},
    savedJson: '',
    liveJson: null,
    addingAfter: null,
    past: [],
    future: [],
  };
}

/** The one store behind the flow editor: canvas, selection, history, problems and run results. */
export const editorStore = createStore<EditorState>(emptyEditorState());

export function useEditor<Slice>(selector: (state: EditorState) => Slice): Slice {
  return useSelector(editorStore, selector);
}

export function catalogKey(type: string, typeVersion: number): string {
  return `${type}@${typeVersion}`;
}

export function catalogEntryOf(state: EditorState, node: WeftNode | undefined): CatalogNode | undefined {
  return node === undefined ? undefined : state.catalog.get(catalogKey(node.data.type, node.data.typeVersion));
}

export function showNotice(notice: Notice | null): void {
  editorStore.set({ notice });
}
