import { type DragEvent, useEffect, useMemo, useState } from 'react';
import type { Json } from '../api/types.ts';
import type { ExpressionSample } from './expression-sample.ts';
import { KeyValueRows, type Row, type RowAttributes, useRecordRows } from './key-value-editor.tsx';
import { MappingSourceTree, SOURCE_PATH_TYPE } from './mapping-source-tree.tsx';
import { sourceGroups, targetNameFor } from './mapping-sources.ts';

interface MappingViewProps {
  id: string;
  value: Json | undefined;
  sample: ExpressionSample;
  onChange(value: Record<string, string> | undefined): void;
}

/**
 * A flat JSON template as a mapping: fields of the sample on the left, output fields on the right.
 * Dropping a source on a target sets the target to `=<path>`; dropping it on the empty slot (or
 * clicking it) adds a target named after it. For the keyboard: "◎" on a target makes it the one the
 * next clicked source maps into.
 */
export function MappingView({ id, value, sample, onChange }: MappingViewProps) {
  const records = useRecordRows(value, onChange);
  const { rows, commit } = records;
  const [armed, setArmed] = useState<number | null>(null);
  const [over, setOver] = useState<number | 'new' | null>(null);
  // A row added or removed shifts the others: the picked target would no longer be the one chosen.
  useEffect(() => setArmed(null), [rows.length]);
  const groups = useMemo(() => sourceGroups(sample), [sample]);
  const mapInto = (index: number, path: string) => commit(rows.map((row, at) => (at === index ? { ...row, value: `=${path}` } : row)));
  const addFrom = (path: string) => commit([...rows, { key: targetNameFor(path, new Set(rows.map((row) => row.key))), value: `=${path}` }]);
  const pick = (path: string) => {
    if (armed !== null && armed < rows.length) mapInto(armed, path);
    else addFrom(path);
    setArmed(null);
  };
  const dropZone = (target: number | 'new', drop: (path: string) => void): RowAttributes => ({
    onDragOver: (event: DragEvent<HTMLDivElement>) => {
      if (!event.dataTransfer.types.includes(SOURCE_PATH_TYPE)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      setOver(target);
    },
    onDragLeave: (event: DragEvent<HTMLDivElement>) => {
      // Moving between a row's own inputs fires leave too; only leaving the row counts.
      if (!event.currentTarget.contains(event.relatedTarget instanceof Node ? event.relatedTarget : null)) setOver(null);
    },
    onDrop: (event: DragEvent<HTMLDivElement>) => {
      const path = event.dataTransfer.getData(SOURCE_PATH_TYPE);
      setOver(null);
      if (path === '') return;
      // Also stops a textarea in the row from pasting the dragged text into itself.
      event.preventDefault();
      drop(path);
    },
    className: over === target ? 'is-drop-target' : undefined,
  });
  const armButton = (index: number, row: Row) => (
    <button
      type="button"
      className={armed === index ? 'map-arm is-armed' : 'map-arm'}
      aria-pressed={armed === index}
      aria-label={`Map the next source I pick into ${row.key || 'this field'}`}
      title="Click, then click a field on the left to map it here"
      onClick={() => setArmed(armed === index ? null : index)}
    >
      ◎
    </button>
  );
  return (
    <div className="mapping-view" data-testid="mapping-view">
      <div className="mapping-pane">
        <h4>From the sample</h4>
        <MappingSourceTree groups={groups} onPick={pick} />
      </div>
      <div className="mapping-pane">
        <h4>Output fields</h4>
        <KeyValueRows
          id={id}
          records={records}
          variant="template"
          sample={sample}
          layout="stacked"
          rowProps={(index) => ({ ...dropZone(index, (path) => mapInto(index, path)), 'data-testid': `mapping-target-${index}` })}
          rowLead={armButton}
          footer={
            <div {...dropZone('new', addFrom)} className={over === 'new' ? 'mapping-new-field is-drop-target' : 'mapping-new-field'} data-testid="mapping-new-field">
              Drop a field here to add it
            </div>
          }
        />
      </div>
    </div>
  );
}
