import type { Json } from '../api/types.ts';
import type { ExpressionSample } from './expression-sample.ts';
import { pathSegment } from './field-paths.ts';

/** One field of the sample on the mapping view's source side, with the JSONata path that reads it. */
export interface SourceField {
  label: string;
  path: string;
  value: Json;
  depth: number;
}

export interface SourceGroup {
  /** Which binding the group reads, for the tooltip. */
  hint: string;
  root: SourceField;
}

const MAX_DEPTH = 6;
const MAX_CHILDREN = 100;
// Fields of an array are those of its first items: a path through an array reads that field of every item.
const ARRAY_PEEK = 20;

/**
 * The sources a mapping can read, one group per binding: the step's input (`$`), the trigger's
 * event (`$trigger`) and the earlier steps' outputs (`$nodes.<id>`). Groups without sample data are left out.
 */
export function sourceGroups(sample: ExpressionSample): SourceGroup[] {
  const groups: SourceGroup[] = [];
  if (sample.input !== undefined) groups.push({ hint: "this step's input, $", root: { label: 'Input', path: '$', value: sample.input, depth: 0 } });
  if (sample.trigger !== undefined) {
    groups.push({ hint: 'the event that started the run, $trigger', root: { label: 'Trigger', path: '$trigger', value: sample.trigger, depth: 0 } });
  }
  if (Object.keys(sample.nodes).length > 0) {
    groups.push({ hint: 'outputs by step id, $nodes', root: { label: 'Earlier steps', path: '$nodes', value: sample.nodes, depth: 0 } });
  }
  return groups;
}

/** The fields under a source, worked out only when it is unfolded (samples can be large). */
export function childFields(field: SourceField): SourceField[] {
  if (field.depth >= MAX_DEPTH) return [];
  const fields = new Map<string, Json>();
  const collect = (current: Json) => {
    if (Array.isArray(current)) current.slice(0, ARRAY_PEEK).forEach(collect);
    else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) if (!fields.has(key)) fields.set(key, child);
    }
  };
  collect(field.value);
  return [...fields].slice(0, MAX_CHILDREN).map(([key, child]) => ({ label: key, path: `${field.path}.${pathSegment(key)}`, value: child, depth: field.depth + 1 }));
}

/** A name for the target a source creates: its last field name (`$.customer.email` → `email`), made unique. */
export function targetNameFor(path: string, taken: ReadonlySet<string>): string {
  const last = /(`[^`]*`|[^.`]+)$/.exec(path)?.[1] ?? 'field';
  const base = last === '$' ? 'input' : last.replace(/^\$/, '').replace(/^`(.*)`$/, '$1') || 'field';
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix += 1) if (!taken.has(`${base}${suffix}`)) return `${base}${suffix}`;
}
