import type { Problem } from '../api/types.ts';
import { humanize } from '../inspector/schema-utils.ts';
import { catalogEntryOf, type EditorState } from '../store/editor-state.ts';

/** The param a problem concerns, from its path (`nodes[3].params.url` → `url`). */
export function paramOfProblem(problem: Problem): string | null {
  return /^nodes\[\d+\]\.params\.([A-Za-z0-9_]+)/.exec(problem.path)?.[1] ?? null;
}

/**
 * A problem in the words of the form: the validator speaks of types ("expected string, received
 * undefined"); a person filling the form needs "URL is required".
 */
export function problemText(state: EditorState, problem: Problem): string {
  const param = paramOfProblem(problem);
  if (param === null || problem.nodeId === undefined) return problem.message;
  const node = state.nodes.find((candidate) => candidate.id === problem.nodeId);
  const schema = catalogEntryOf(state, node)?.paramsSchema.properties?.[param];
  const label = schema?.title ?? humanize(param);
  if (/received undefined/i.test(problem.message)) return `${label} is required.`;
  return `${label}: ${problem.message}`;
}
