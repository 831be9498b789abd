import { type HTMLAttributes, type ReactNode, useEffect, useRef, useState } from 'react';
import type { Json } from '../api/types.ts';
import { ExpressionEditor } from './expression-editor.tsx';
import type { ExpressionSample } from './expression-sample.ts';

export type Row = { key: string; value: string };

/** The rows of a record being edited, and how to change them (each change is sent on at once). */
export interface RecordRows {
  rows: Row[];
  commit(next: Row[]): void;
  /** Adds an empty row; it is saved once it has a name. */
  addEmpty(): void;
}

/**
 * Rows for a record of strings, kept in step with the value: rows without a name stay on screen
 * while being typed but are not saved, and a value changed elsewhere (undo, a restored version) replaces them.
 */
export function useRecordRows(value: Json | undefined, onChange: (value: Record<string, string> | undefined) => void): RecordRows {
  const [rows, setRows] = useState<Row[]>(() => rowsOf(value));
  // What this editor last sent; a different incoming value came from elsewhere.
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
  return { rows, commit, addEmpty: () => setRows([...rows, { key: '', value: '' }]) };
}

function rowsOf(value: Json | undefined): Row[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value).map(([key, entry]) => ({ key, value: typeof entry === 'string' ? entry : JSON.stringify(entry) }));
}

export type RowAttributes = HTMLAttributes<HTMLDivElement> & { 'data-testid'?: string };

/** Headers are "name: value"; a template is "output field ← value". Both values may be =expressions. */
type RowsVariant = 'headers' | 'template';

const wording = {
  headers: { key: 'Name', value: (_key: string) => 'Value', valueHint: 'Value, or =expression', add: '+ Add', remove: 'Remove row' },
  template: { key: 'Output field', value: (key: string) => `Value of ${key || 'field'}`, valueHint: 'text, or =$.path', add: '+ Add field', remove: 'Remove field' },
} satisfies Record<RowsVariant, { key: string; value(key: string): string; valueHint: string; add: string; remove: string }>;

interface KeyValueRowsProps {
  id: string;
  records: RecordRows;
  variant: RowsVariant;
  sample: ExpressionSample;
  /** stacked puts each value under its name, for narrow places such as the mapping view. */
  layout?: 'inline' | 'stacked';
  /** Extra attributes for a row's element (the mapping view makes rows drop targets). */
  rowProps?(index: number): RowAttributes;
  /** Something shown before a row's name (the mapping view's "map into this field" button). */
  rowLead?(index: number, row: Row): ReactNode;
  footer?: ReactNode;
}

/** Name/value rows, each value a text or an expression with highlighting, completion and preview. */
export function KeyValueRows({ id, records, variant, sample, layout = 'inline', rowProps, rowLead, footer }: KeyValueRowsProps) {
  const words = wording[variant];
  const { rows, commit } = records;
  const editRow = (index: number, patch: Partial<Row>) => commit(rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  return (
    <div className={`key-value is-${layout}`} id={id}>
      {rows.map((row, index) => {
        const extra = rowProps?.(index) ?? {};
        return (
          <div key={index} {...extra} className={extra.className === undefined ? 'key-value-row' : `key-value-row ${extra.className}`}>
            {rowLead?.(index, row)}
            <input className="key-value-key" aria-label={words.key} placeholder={words.key} value={row.key} onChange={(event) => editRow(index, { key: event.target.value })} />
            {variant === 'template' && (
              <span className="template-arrow" aria-hidden="true">
                ←
              </span>
            )}
            <div className="key-value-value">
              <ExpressionEditor label={words.value(row.key)} mode="value" value={row.value} sample={sample} placeholder={words.valueHint} onChange={(text) => editRow(index, { value: text })} />
            </div>
            <button type="button" className="icon-button" aria-label={words.remove} onClick={() => commit(rows.filter((_, at) => at !== index))}>
              ✕
            </button>
          </div>
        );
      })}
      <button type="button" className="link-button" onClick={records.addEmpty}>
        {words.add}
      </button>
      {footer}
    </div>
  );
}

interface KeyValueEditorProps {
  id: string;
  value: Json | undefined;
  variant: RowsVariant;
  sample: ExpressionSample;
  onChange(value: Record<string, string> | undefined): void;
}

/** A record of strings (HTTP headers, a flat JSON template) edited as rows. */
export function KeyValueEditor({ id, value, variant, sample, onChange }: KeyValueEditorProps) {
  const records = useRecordRows(value, onChange);
  return <KeyValueRows id={id} records={records} variant={variant} sample={sample} />;
}

/** Whether a value can be shown as rows of strings without losing anything. */
export function isFlatRecord(value: Json | undefined): boolean {
  if (value === undefined || value === null) return true;
  return typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((entry) => typeof entry === 'string');
}
