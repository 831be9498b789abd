import type { Edge } from '@xyflow/react';
import type { FlowDocument, FlowEdgeDocument, FlowNodeDocument, FlowView } from '../api/types.ts';
import type { EditorState, WeftNode } from './editor-state.ts';

const COLUMN_WIDTH = 280;

/** The canvas nodes for a flow document; nodes saved without a position are laid out left to right. */
export function nodesOfDocument(document: FlowDocument): WeftNode[] {
  return document.nodes.map((node, index) => ({
    id: node.id,
    type: 'step',
    position: node.position ?? { x: index * COLUMN_WIDTH, y: 0 },
    data: {
      type: node.type,
      typeVersion: node.typeVersion,
      params: node.params,
      ...(node.name === undefined ? {} : { name: node.name }),
      ...(node.notes === undefined ? {} : { notes: node.notes }),
      ...(node.credentials === undefined ? {} : { credentials: node.credentials }),
    },
  }));
}

export function edgeId(edge: FlowEdgeDocument): string {
  return `${edge.from.node}.${edge.from.port}->${edge.to.node}.${edge.to.port}`;
}

export function edgesOfDocument(document: FlowDocument): Edge[] {
  return document.edges.map((edge) => ({
    id: edgeId(edge),
    source: edge.from.node,
    sourceHandle: edge.from.port,
    target: edge.to.node,
    targetHandle: edge.to.port,
  }));
}

/** The editor state a freshly loaded flow starts from. */
export function stateOfFlow(view: FlowView): Partial<EditorState> {
  return {
    flowId: view.id,
    name: view.document.name,
    description: view.document.description ?? '',
    settings: view.document.settings,
    baseRevision: view.draftRevision,
    publishedVersion: view.publishedVersion,
    nodes: nodesOfDocument(view.document),
    edges: edgesOfDocument(view.document),
    problems: view.problems,
    savedJson: JSON.stringify(view.document),
    dirty: false,
    conflict: false,
    past: [],
    future: [],
  };
}

/** The flow document the canvas stands for, as the server stores it. */
export function documentOfState(state: EditorState): FlowDocument {
  const nodes: FlowNodeDocument[] = state.nodes.map((node) => ({
    id: node.id,
    type: node.data.type,
    typeVersion: node.data.typeVersion,
    ...(node.data.name === undefined || node.data.name === '' ? {} : { name: node.data.name }),
    params: node.data.params,
    ...(node.data.credentials === undefined ? {} : { credentials: node.data.credentials }),
    position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
    ...(node.data.notes === undefined || node.data.notes === '' ? {} : { notes: node.data.notes }),
  }));
  const edges: FlowEdgeDocument[] = state.edges.map((edge) => ({
    from: { node: edge.source, port: edge.sourceHandle ?? 'out' },
    to: { node: edge.target, port: edge.targetHandle ?? 'in' },
  }));
  return {
    formatVersion: 1,
    id: state.flowId ?? '',
    name: state.name,
    description: state.description,
    nodes,
    edges,
    ...(state.settings === undefined ? {} : { settings: state.settings }),
  };
}
