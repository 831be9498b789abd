import { useState } from 'react';
import type { Json } from '../api/types.ts';
import { JsonTree } from './json-tree.tsx';

/** A JSON value as a collapsible tree, with a Raw toggle for the pretty-printed, selectable text. */
export function JsonView({ value, label, testId, open = true }: { value: Json | undefined; label: string; testId?: string; open?: boolean }) {
  const [raw, setRaw] = useState(false);
  return (
    <details className="json-view" open={open}>
      <summary>{label}</summary>
      {value !== undefined && (
        <label className="raw-toggle">
          <input type="checkbox" checked={raw} onChange={(event) => setRaw(event.target.checked)} aria-label={`Raw ${label}`} />
          Raw
        </label>
      )}
      {value === undefined ? <pre>—</pre> : raw ? <pre data-testid={testId}>{JSON.stringify(value, null, 2)}</pre> : <JsonTree value={value} {...(testId === undefined ? {} : { testId: `${testId}-tree` })} />}
    </details>
  );
}
