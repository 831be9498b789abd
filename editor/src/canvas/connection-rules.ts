import type { Connection, Edge } from '@xyflow/react';
import { catalogEntryOf, type EditorState } from '../store/editor-state.ts';

/** Why a connection may not be drawn, in words for the person drawing it; null when it may. */
export function connectionProblem(state: EditorState, connection: Connection | Edge): string | null {
  const source = state.nodes.find((node) => node.id === connection.source);
  const target = state.nodes.find((node) => node.id === connection.target);
  if (source === undefined || target === undefined) return 'That step no longer exists.';
  const sourceEntry = catalogEntryOf(state, source);
  const targetEntry = catalogEntryOf(state, target);
  const targetName = target.data.name ?? targetEntry?.displayName ?? target.id;
  if (source.id === target.id) return 'A step cannot connect to itself.';
  if (targetEntry?.trigger === true) return `"${targetName}" is a trigger: it starts the flow and cannot receive input.`;
  if (targetEntry === undefined || sourceEntry === undefined) return 'This step type is unknown to this Weft, so it cannot be connected.';
  const sourcePort = connection.sourceHandle ?? 'out';
  const targetPort = connection.targetHandle ?? 'in';
  if (!sourceEntry.outputs.includes(sourcePort)) return `"${source.id}" has no output "${sourcePort}".`;
  if (!targetEntry.inputs.includes(targetPort)) return `"${targetName}" has no input "${targetPort}".`;
  const duplicate = state.edges.some(
    (edge) => edge.source === source.id && edge.target === target.id && (edge.sourceHandle ?? 'out') === sourcePort && (edge.targetHandle ?? 'in') === targetPort,
  );
  if (duplicate) return 'These two steps are already connected that way.';
  if (reaches(state.edges, target.id, source.id)) return 'That would make a loop: a flow runs one way, from its trigger onwards.';
  return null;
}

function reaches(edges: Edge[], from: string, to: string): boolean {
  const seen = new Set<string>();
  const pending = [from];
  while (pending.length > 0) {
    const current = pending.pop();
    if (current === undefined || seen.has(current)) continue;
    if (current === to) return true;
    seen.add(current);
    for (const edge of edges) if (edge.source === current) pending.push(edge.target);
  }
  return false;
}
