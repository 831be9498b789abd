import type { Json } from '../api/types.ts';

/** A JSON value, pretty-printed and selectable. */
export function JsonView({ value, label, testId, open = true }: { value: Json | undefined; label: string; testId?: string; open?: boolean }) {
  return (
    <details className="json-view" open={open}>
      <summary>{label}</summary>
      <pre data-testid={testId}>{value === undefined ? '—' : JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}
