import type { Json } from '../api/types.ts';
import { parsedTestPayload } from '../run/parsed-test-payload.ts';
import { sampleRecord } from '../run/step-records.ts';
import { catalogEntryOf, type EditorState } from '../store/editor-state.ts';

const MAX_PATHS = 40;
const MAX_DEPTH = 4;

/** JSONata paths to the leaves of a sample value, e.g. `$.body.email`, for the expression editor to offer. */
export function fieldPaths(value: Json | undefined): string[] {
  const paths: string[] = [];
  const walk = (current: Json, path: string, depth: number) => {
    if (paths.length >= MAX_PATHS) return;
    if (current !== null && typeof current === 'object' && !Array.isArray(current) && depth < MAX_DEPTH) {
      for (const [key, child] of Object.entries(current)) walk(child, `${path}.${pathSegment(key)}`, depth + 1);
      return;
    }
    if (path !== '$') paths.push(path);
  };
  if (value !== undefined) walk(value, '$', 0);
  return paths;
}

/** A key as one step of a JSONata path: plain when it can be, in backticks otherwise. */
export function pathSegment(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : `\`${key}\``;
}

/**
 * What a step will receive, as best the editor knows: the pinned output of the step feeding it, its
 * input in the run painted on the canvas, else what the steps before it are known to output.
 */
export function sampleInputOf(state: EditorState, nodeId: string): Json | undefined {
  const node = state.nodes.find((candidate) => candidate.id === nodeId);
  if (catalogEntryOf(state, node)?.trigger === true) return triggerSampleOf(state, nodeId);
  const first = state.edges.find((edge) => edge.target === nodeId);
  const pinned = first === undefined ? undefined : state.pinned[first.source];
  if (pinned !== undefined) return pinned;
  const step = sampleRecord(state.steps[nodeId]);
  if (step !== undefined) return step.input;
  // Walk upstream past steps without a known output (a filter passes its input on unchanged).
  const seen = new Set<string>([nodeId]);
  let current = nodeId;
  for (;;) {
    const feeding = state.edges.find((edge) => edge.target === current);
    if (feeding === undefined || seen.has(feeding.source)) return undefined;
    const output = knownOutputOf(state, feeding.source);
    if (output !== undefined) return output;
    seen.add(feeding.source);
    current = feeding.source;
  }
}

/**
 * A step's output as best the editor knows: pinned by the user, else from the run painted on the
 * canvas, else the test event (for a trigger) or the sample its node type declares.
 */
export function knownOutputOf(state: EditorState, nodeId: string): Json | undefined {
  const pinned = state.pinned[nodeId];
  if (pinned !== undefined) return pinned;
  const step = sampleRecord(state.steps[nodeId]);
  if (step?.status === 'succeeded') return step.output;
  const entry = catalogEntryOf(state, state.nodes.find((node) => node.id === nodeId));
  if (entry?.trigger === true) return triggerSampleOf(state, nodeId);
  return entry?.sample === null ? undefined : entry?.sample;
}

/** The event a trigger is tried with: the test run's event when it parses, else the trigger type's sample. */
function triggerSampleOf(state: EditorState, nodeId: string): Json | undefined {
  const event = state.testPayload === null ? undefined : parsedTestPayload(state.testPayload);
  if (event !== undefined) return event;
  const sample = catalogEntryOf(state, state.nodes.find((node) => node.id === nodeId))?.sample;
  return sample === null ? undefined : sample;
}

/** Every step a step can read through `$nodes`: those upstream of it, in the flow's order. */
export function ancestorsOf(state: EditorState, nodeId: string): string[] {
  const found = new Set<string>();
  const pending = [nodeId];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    for (const edge of state.edges) {
      if (edge.target === current && !found.has(edge.source) && edge.source !== nodeId) {
        found.add(edge.source);
        pending.push(edge.source);
      }
    }
  }
  return state.nodes.filter((node) => found.has(node.id)).map((node) => node.id);
}
