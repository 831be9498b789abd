import { useRef } from 'react';
import type { Json, JsonObject, JsonSchema } from '../api/types.ts';
import type { ExpressionSample } from './expression-sample.ts';
import { JsonEditor } from './json-editor.tsx';
import { fitsRows, newRow, type RowShape, rowFields, rowShapeOf, type RowVariant, singular, variantOfRow } from './list-rows.ts';
import { ParamField } from './param-field.tsx';
import { resolveSchema } from './schema-utils.ts';

interface ObjectListEditorProps {
  id: string;
  nodeId: string;
  /** Prefix of the ids of the rows' fields, e.g. `cases` → `param-<node>-cases-0-when`. */
  scope: string;
  label: string;
  /** The list's schema, and the params schema its `$ref`s point into. */
  schema: JsonSchema;
  root: JsonSchema;
  value: Json | undefined;
  sample: ExpressionSample;
  onChange(value: Json | undefined): void;
}

/**
 * A list of objects (switch cases, edit-fields operations) as rows: add, remove and reorder them;
 * each row is a form generated from the item schema with the same fields as the step's own
 * settings, so an expression inside a row gets the JSONata editor and its preview.
 */
export function ObjectListEditor(props: ObjectListEditorProps) {
  const { id, schema, value, onChange } = props;
  const shape = rowShapeOf(schema.items);
  const rows: Json[] = Array.isArray(value) ? value : [];
  const keys = useRowKeys(rows.length);
  if (shape === null || !fitsRows(shape, value)) {
    return (
      <>
        <p className="field-help">Some rows do not fit this form, so the list is shown as JSON.</p>
        <JsonEditor id={id} value={value} onChange={onChange} />
      </>
    );
  }
  const itemName = singular(props.label);
  const commit = (next: Json[]) => onChange(next.length === 0 ? undefined : next);
  const move = (from: number, to: number) => {
    const next = [...rows];
    const [moved] = next.splice(from, 1);
    if (moved === undefined) return;
    next.splice(to, 0, moved);
    keys.move(from, to);
    commit(next);
  };
  const remove = (index: number) => {
    keys.remove(index);
    commit(rows.filter((_, at) => at !== index));
  };
  const add = () => {
    const variant = shape.variants[0];
    if (variant === undefined) return;
    keys.add();
    commit([...rows, newRow(shape, variant, rows)]);
  };
  return (
    <div className="object-list" id={id}>
      {rows.map((row, index) => (
        <ListRow
          key={keys.at(index)}
          {...props}
          shape={shape}
          row={row}
          index={index}
          count={rows.length}
          itemName={itemName}
          onRowChange={(next) => commit(rows.map((other, at) => (at === index ? next : other)))}
          onMove={(to) => move(index, to)}
          onRemove={() => remove(index)}
        />
      ))}
      {rows.length === 0 && <p className="muted small">None yet.</p>}
      <button type="button" className="link-button" onClick={add}>
        + Add {itemName.toLowerCase()}
      </button>
    </div>
  );
}

interface ListRowProps extends ObjectListEditorProps {
  shape: RowShape;
  row: Json;
  index: number;
  count: number;
  itemName: string;
  onRowChange(row: JsonObject): void;
  onMove(to: number): void;
  onRemove(): void;
}

function ListRow({ nodeId, scope, root, sample, shape, row, index, count, itemName, onRowChange, onMove, onRemove }: ListRowProps) {
  const variant = variantOfRow(shape, row);
  if (variant === undefined || typeof row !== 'object' || row === null || Array.isArray(row)) return null;
  const name = `${itemName} ${index + 1}`;
  const required = new Set(variant.schema.required ?? []);
  const setField = (field: string, value: Json | undefined) => {
    const { [field]: _old, ...rest } = row;
    onRowChange(value === undefined ? rest : { ...rest, [field]: value });
  };
  return (
    <div className="list-row" role="group" aria-label={name} data-testid={`${scope}-row-${index}`}>
      <div className="list-row-head">
        <strong>{name}</strong>
        {shape.discriminator !== null && <VariantPicker label={`Kind of ${name.toLowerCase()}`} shape={shape} row={row} variant={variant} onChange={onRowChange} />}
        <span className="list-row-actions">
          <button type="button" className="icon-button" aria-label={`Move ${name.toLowerCase()} up`} disabled={index === 0} onClick={() => onMove(index - 1)}>
            ↑
          </button>
          <button type="button" className="icon-button" aria-label={`Move ${name.toLowerCase()} down`} disabled={index === count - 1} onClick={() => onMove(index + 1)}>
            ↓
          </button>
          <button type="button" className="icon-button" aria-label={`Remove ${name.toLowerCase()}`} onClick={onRemove}>
            ✕
          </button>
        </span>
      </div>
      {rowFields(shape, variant).map(([field, fieldSchema]) => (
        <ParamField
          key={field}
          nodeId={nodeId}
          scope={`${scope}-${index}`}
          name={field}
          schema={resolveSchema(root, fieldSchema)}
          root={root}
          nested
          required={required.has(field)}
          value={row[field]}
          problem={undefined}
          sample={sample}
          onChange={(value) => setField(field, value)}
        />
      ))}
    </div>
  );
}

interface VariantPickerProps {
  label: string;
  shape: RowShape;
  row: JsonObject;
  variant: RowVariant;
  onChange(row: JsonObject): void;
}

/** The kind of a row (set / rename / remove); switching keeps the fields both kinds have. */
function VariantPicker({ label, shape, row, variant, onChange }: VariantPickerProps) {
  const choose = (index: number) => {
    const next = shape.variants[index];
    if (next === undefined) return;
    const kept = Object.fromEntries(Object.entries(row).filter(([field]) => field !== shape.discriminator && next.schema.properties?.[field] !== undefined));
    onChange({ ...newRow(shape, next, []), ...kept });
  };
  return (
    <select aria-label={label} className="list-row-kind" value={shape.variants.indexOf(variant)} onChange={(event) => choose(Number(event.target.value))}>
      {shape.variants.map((option, index) => (
        <option key={String(option.tag)} value={index}>
          {option.title}
        </option>
      ))}
    </select>
  );
}

/**
 * Stable React keys for rows that have no ids of their own, so a row's open editors (an expression
 * being typed, say) move with it when rows are reordered. A list changed elsewhere (undo, a
 * restored version) to another length gets fresh keys.
 */
function useRowKeys(count: number) {
  const counter = useRef(0);
  const keys = useRef<number[]>([]);
  const fresh = () => (counter.current += 1);
  if (keys.current.length !== count) keys.current = Array.from({ length: count }, fresh);
  return {
    at: (index: number) => keys.current[index] ?? -index,
    move(from: number, to: number) {
      const [moved] = keys.current.splice(from, 1);
      if (moved !== undefined) keys.current.splice(to, 0, moved);
    },
    remove(index: number) {
      keys.current.splice(index, 1);
    },
    add() {
      keys.current.push(fresh());
    },
  };
}
