import type { Json } from '../api/types.ts';
import { catalogEntryOf, type EditorState } from '../store/editor-state.ts';

const MAX_PATHS = 40;
const MAX_DEPTH = 4;

/** JSONata paths to the leaves of a sample value, e.g. `$.body.email`, for the expression editor to offer. */
export function fieldPaths(value: Json | undefined): string[] {
  const paths: string[] = [];
  const walk = (current: Json, path: string, depth: number) => {
    if (paths.length >= MAX_PATHS) return;
    if (current !== null && typeof current === 'object' && !Array.isArray(current) && depth < MAX_DEPTH) {
      for (const [key, child] of Object.entries(current)) walk(child, `${path}.${/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : `\`${key}\``}`, depth + 1);
      return;
    }
    if (path !== '$') paths.push(path);
  };
  if (value !== undefined) walk(value, '$', 0);
  return paths;
}

/**
 * What a step will receive, as best the editor knows: its input in the run painted on the canvas,
 * else the sample of the step feeding it (a trigger's sample event, say).
 */
export function sampleInputOf(state: EditorState, nodeId: string): Json | undefined {
  const step = state.steps[nodeId];
  if (step !== undefined) return step.input;
  // Walk upstream past steps without a sample (a filter passes its input on unchanged).
  const seen = new Set<string>([nodeId]);
  let current = nodeId;
  for (;;) {
    const feeding = state.edges.find((edge) => edge.target === current);
    if (feeding === undefined || seen.has(feeding.source)) return undefined;
    const painted = state.steps[feeding.source];
    if (painted !== undefined) return painted.output;
    const upstream = state.nodes.find((node) => node.id === feeding.source);
    const sample = catalogEntryOf(state, upstream)?.sample;
    if (sample !== undefined && sample !== null) return sample;
    seen.add(feeding.source);
    current = feeding.source;
  }
}
