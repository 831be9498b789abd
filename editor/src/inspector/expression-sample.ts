import { useRef } from 'react';
import type { Json } from '../api/types.ts';
import { catalogEntryOf, type EditorState, useEditor } from '../store/editor-state.ts';
import { ancestorsOf, knownOutputOf, sampleInputOf } from './field-paths.ts';

/**
 * What an expression of one step can read while the flow is being edited, built the way the engine
 * builds its bindings (engine/expressions/expression.ts): `$` and `$input` the step's input,
 * `$trigger` the starting trigger's output, `$nodes.<id>` the outputs of the steps before it,
 * `$execution`. Values come from sample data, so any of them may be unknown.
 */
export interface ExpressionSample {
  input: Json | undefined;
  trigger: Json | undefined;
  nodes: Record<string, Json>;
  execution: { id: string; flowId: string; flowVersion: number | null };
}

/** Whether there is anything to preview an expression against. */
export function hasSample(sample: ExpressionSample): boolean {
  return sample.input !== undefined || sample.trigger !== undefined || Object.keys(sample.nodes).length > 0;
}

export function expressionSampleOf(state: EditorState, nodeId: string): ExpressionSample {
  const ancestors = ancestorsOf(state, nodeId);
  const nodes: Record<string, Json> = {};
  for (const id of ancestors) {
    const output = knownOutputOf(state, id);
    if (output !== undefined) nodes[id] = output;
  }
  // The engine's $trigger is the trigger the execution started from; before the step, that is one of its ancestors.
  const trigger = state.nodes.find((node) => ancestors.includes(node.id) && catalogEntryOf(state, node)?.trigger === true);
  return {
    input: sampleInputOf(state, nodeId),
    trigger: trigger === undefined ? undefined : nodes[trigger.id],
    nodes,
    execution: { id: 'preview', flowId: state.flowId ?? '', flowVersion: state.publishedVersion },
  };
}

/**
 * The sample of one step, as a store selector: the same object until something in it changes, so
 * previews re-evaluate only when their data does (not on every edit elsewhere in the flow).
 */
export function useExpressionSample(nodeId: string): ExpressionSample {
  const last = useRef<ExpressionSample | null>(null);
  return useEditor((state) => {
    const next = expressionSampleOf(state, nodeId);
    if (last.current !== null && sameSample(last.current, next)) return last.current;
    last.current = next;
    return next;
  });
}

/** Samples are built from stored values, so comparing their parts by reference is enough. */
function sameSample(a: ExpressionSample, b: ExpressionSample): boolean {
  const ids = Object.keys(a.nodes);
  return (
    a.input === b.input &&
    a.trigger === b.trigger &&
    ids.length === Object.keys(b.nodes).length &&
    ids.every((id) => a.nodes[id] === b.nodes[id]) &&
    a.execution.flowId === b.execution.flowId &&
    a.execution.flowVersion === b.execution.flowVersion
  );
}

/** The engine's ExpressionBindings, as the preview evaluates with them. */
export interface PreviewBindings {
  input: Json;
  trigger: Json;
  nodes: Record<string, Json>;
  execution: ExpressionSample['execution'];
}

/** Unknown values become null, as the engine's would be for a step that received nothing. */
export function previewBindings(sample: ExpressionSample): PreviewBindings {
  return { input: sample.input ?? null, trigger: sample.trigger ?? null, nodes: sample.nodes, execution: sample.execution };
}

/** Which binding a root name of a path reads (`$`, `$trigger`, …), or undefined for any other name. */
export function rootValue(sample: ExpressionSample, root: string): Json | undefined {
  switch (root) {
    case '$':
    case '$input':
      return sample.input;
    case '$trigger':
      return sample.trigger;
    case '$nodes':
      return sample.nodes;
    case '$execution':
      return sample.execution;
    default:
      return undefined;
  }
}
