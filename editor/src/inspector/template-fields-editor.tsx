import { useEffect, useRef, useState } from 'react';
import type { Json } from '../api/types.ts';

interface TemplateFieldsEditorProps {
  id: string;
  value: Json | undefined;
  /** Field paths from the sample input; clicking one adds a field mapped from it. */
  paths: string[];
  onChange(value: Record<string, string> | undefined): void;
}

type Row = { key: string; value: string };

/**
 * A JSON template of one level (what a mapping usually is) as rows "field ← value": a value starting
 * with = is an expression. Clicking a sample path adds `<last segment> ← =<path>`.
 */
export function TemplateFieldsEditor({ id, value, paths, onChange }: TemplateFieldsEditorProps) {
  const [rows, setRows] = useState<Row[]>(() => rowsOf(value));
  const sent = useRef(JSON.stringify(value ?? null));
  useEffect(() => {
    const incoming = JSON.stringify(value ?? null);
    if (incoming === sent.current) return;
    sent.current = incoming;
    setRows(rowsOf(value));
  }, [value]);
  const commit = (next: Row[]) => {
    setRows(next);
    const filled = next.filter((row) => row.key.trim() !== '');
    const record = filled.length === 0 ? undefined : Object.fromEntries(filled.map((row) => [row.key.trim(), row.value]));
    sent.current = JSON.stringify(record ?? null);
    onChange(record);
  };
  const editRow = (index: number, patch: Partial<Row>) => commit(rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  const addPath = (path: string) => {
    const name = path.split('.').at(-1)?.replace(/`/g, '') ?? 'field';
    commit([...rows, { key: name, value: `=${path}` }]);
  };
  return (
    <div className="template-fields" id={id}>
      {rows.map((row, index) => (
        <div className="template-row" key={index}>
          <input aria-label="Output field" placeholder="field" value={row.key} onChange={(event) => editRow(index, { key: event.target.value })} />
          <span className="template-arrow" aria-hidden="true">
            ←
          </span>
          <input
            aria-label={`Value of ${row.key || 'field'}`}
            className="code-input"
            placeholder="text, or =$.path"
            value={row.value}
            onChange={(event) => editRow(index, { value: event.target.value })}
          />
          <button type="button" className="icon-button" aria-label="Remove field" onClick={() => commit(rows.filter((_, at) => at !== index))}>
            ✕
          </button>
        </div>
      ))}
      <button type="button" className="link-button" onClick={() => setRows([...rows, { key: '', value: '' }])}>
        + Add field
      </button>
      {paths.length > 0 && (
        <div className="field-paths" aria-label="Fields from the sample input">
          <span className="muted small">Map a field from the input:</span>
          {paths.map((path) => (
            <button key={path} type="button" className="path-chip" onClick={() => addPath(path)}>
              {path}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/** Whether a value can be shown as template rows without losing anything. */
export function isFlatTemplate(value: Json | undefined): boolean {
  if (value === undefined || value === null) return true;
  return typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((entry) => typeof entry === 'string');
}

function rowsOf(value: Json | undefined): Row[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value).map(([key, entry]) => ({ key, value: typeof entry === 'string' ? entry : JSON.stringify(entry) }));
}
