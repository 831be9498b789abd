import { useState } from 'react';
import type { StepRecord } from '../api/types.ts';
import { firstToInspect } from './step-records.ts';

/**
 * Which of a looped step's records is inspected: the first failed item at first, else item 0.
 * Items are numbered from 0, as the engine's error messages ("item 1 failed at …") number them.
 */
export function useChosenRecord(records: readonly StepRecord[]): [StepRecord | undefined, (item: number) => void] {
  const [chosen, choose] = useState<number | null>(null);
  const record = records.find((candidate) => candidate.item === chosen) ?? firstToInspect(records);
  return [record, choose];
}

interface ItemPickerProps {
  id: string;
  records: readonly StepRecord[];
  chosen: StepRecord;
  onChoose(item: number): void;
}

/** Previous / next and a list of every item with its status, for a step that ran once per item. */
export function ItemPicker({ id, records, chosen, onChoose }: ItemPickerProps) {
  const at = records.indexOf(chosen);
  const step = (by: number) => {
    const next = records[at + by];
    if (next?.item !== undefined) onChoose(next.item);
  };
  return (
    <div className="item-picker">
      <label htmlFor={id}>Item</label>
      <button type="button" className="icon-button" aria-label="Previous item" disabled={at <= 0} onClick={() => step(-1)}>
        ‹
      </button>
      <select id={id} value={chosen.item ?? 0} onChange={(event) => onChoose(Number(event.target.value))}>
        {records.map((record) => (
          <option key={record.item} value={record.item}>
            {`Item ${record.item ?? 0} · ${record.status}`}
          </option>
        ))}
      </select>
      <button type="button" className="icon-button" aria-label="Next item" disabled={at >= records.length - 1} onClick={() => step(1)}>
        ›
      </button>
      <span className="muted small">of {records.length}</span>
    </div>
  );
}
