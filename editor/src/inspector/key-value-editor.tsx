import { useEffect, useRef, useState } from 'react';
import type { Json } from '../api/types.ts';

interface KeyValueEditorProps {
  id: string;
  value: Json | undefined;
  onChange(value: Record<string, string> | undefined): void;
}

type Row = { key: string; value: string };

/** A record of strings (e.g. HTTP headers) as rows; rows without a key are kept while typing but not saved. */
export function KeyValueEditor({ id, value, onChange }: KeyValueEditorProps) {
  const [rows, setRows] = useState<Row[]>(() => rowsOf(value));
  // What this editor last sent; a different incoming value came from elsewhere (undo, a restored version).
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
  return (
    <div className="key-value" id={id}>
      {rows.map((row, index) => (
        <div className="key-value-row" key={index}>
          <input aria-label="Name" placeholder="Name" value={row.key} onChange={(event) => editRow(index, { key: event.target.value })} />
          <input aria-label="Value" placeholder="Value" value={row.value} onChange={(event) => editRow(index, { value: event.target.value })} />
          <button type="button" className="icon-button" aria-label="Remove row" onClick={() => commit(rows.filter((_, at) => at !== index))}>
            ✕
          </button>
        </div>
      ))}
      <button type="button" className="link-button" onClick={() => setRows([...rows, { key: '', value: '' }])}>
        + Add
      </button>
    </div>
  );
}

function rowsOf(value: Json | undefined): Row[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value).map(([key, entry]) => ({ key, value: typeof entry === 'string' ? entry : JSON.stringify(entry) }));
}
