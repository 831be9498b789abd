import { memo, type MouseEvent } from 'react';
import type { Json } from '../api/types.ts';
import { showNotice } from '../store/editor-state.ts';

/** Levels opened at first; deeper objects and arrays start collapsed so a big answer stays readable. */
const OPEN_DEPTH = 2;

/** A JSON value as a tree: objects and arrays collapse, and clicking a key copies its JSONata path. */
export const JsonTree = memo(function JsonTree({ value, testId }: { value: Json; testId?: string }) {
  return (
    <div className="json-tree" data-testid={testId}>
      <JsonNode name={null} value={value} path="$" depth={0} />
    </div>
  );
});

function JsonNode({ name, value, path, depth }: { name: string | null; value: Json; path: string; depth: number }) {
  const key = name === null ? null : <JsonKey name={name} path={path} />;
  if (value === null || typeof value !== 'object') {
    return (
      <div className="json-leaf">
        {key}
        <span className={`json-${value === null ? 'null' : typeof value}`}>{JSON.stringify(value)}</span>
      </div>
    );
  }
  const entries: [string, Json, string][] = Array.isArray(value)
    ? value.map((child, index) => [String(index), child, `${path}[${index}]`])
    : Object.entries(value).map(([childKey, child]) => [childKey, child, `${path}.${pathKey(childKey)}`]);
  const summary = Array.isArray(value) ? `[${entries.length} item${entries.length === 1 ? '' : 's'}]` : `{${entries.length} field${entries.length === 1 ? '' : 's'}}`;
  if (entries.length === 0) {
    return (
      <div className="json-leaf">
        {key}
        <span className="muted">{Array.isArray(value) ? '[]' : '{}'}</span>
      </div>
    );
  }
  return (
    <details className="json-branch" open={depth < OPEN_DEPTH}>
      <summary>
        {key}
        <span className="muted">{summary}</span>
      </summary>
      {entries.map(([childKey, child, childPath]) => (
        <JsonNode key={childKey} name={childKey} value={child} path={childPath} depth={depth + 1} />
      ))}
    </details>
  );
}

function JsonKey({ name, path }: { name: string; path: string }) {
  const copy = (event: MouseEvent) => {
    // Inside a <summary> a click would also fold the branch; copying is what the key is for.
    event.preventDefault();
    navigator.clipboard.writeText(path).then(
      () => showNotice({ kind: 'info', text: `Copied ${path}` }),
      () => showNotice({ kind: 'info', text: `The path is ${path} (the browser did not allow copying it).` }),
    );
  };
  return (
    <button type="button" className="json-key" title={`Copy the path ${path}`} onClick={copy}>
      {name}:
    </button>
  );
}

function pathKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : `\`${key}\``;
}
