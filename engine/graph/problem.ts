import type { z } from 'zod';
import { formatPath } from '../expressions/template.ts';

/**
 * One thing wrong with a flow document. `path` points at the offending value
 * (e.g. `nodes[2].params.url`); `nodeId` names the node it concerns, for editors.
 */
export interface Problem {
  code: string;
  message: string;
  path: string;
  nodeId?: string;
}

export function problem(code: string, path: readonly (string | number)[], message: string, nodeId?: string): Problem {
  const at = formatPath(path);
  return nodeId === undefined ? { code, message, path: at } : { code, message, path: at, nodeId };
}

/** Turns zod issues into problems, one per offending value (one per unknown key). */
export function problemsFromZod(
  issues: readonly z.core.$ZodIssue[],
  basePath: readonly (string | number)[],
  code: string,
  nodeId?: string,
): Problem[] {
  return issues.flatMap((issue) => {
    const path = [...basePath, ...issue.path.map(pathSegment)];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => problem('unknown_field', [...path, key], `unknown field "${key}"`, nodeId));
    }
    return [problem(code, path, issue.message, nodeId)];
  });
}

function pathSegment(segment: PropertyKey): string | number {
  return typeof segment === 'number' ? segment : String(segment);
}
