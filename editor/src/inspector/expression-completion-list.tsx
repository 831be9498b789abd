import { useEffect, useRef } from 'react';
import type { CompletionItem } from './expression-completions.ts';

interface CompletionListProps {
  id: string;
  items: CompletionItem[];
  selected: number;
  onPick(item: CompletionItem): void;
}

/** The field paths (or bindings, functions) on offer while typing; the textarea keeps focus and drives it. */
export function CompletionList({ id, items, selected, onPick }: CompletionListProps) {
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  return (
    <ul className="completion-list" id={id} role="listbox" aria-label="Suggestions" ref={list}>
      {items.map((item, index) => (
        <li
          key={item.label}
          id={`${id}-${index}`}
          role="option"
          aria-selected={index === selected}
          className={index === selected ? 'completion-item is-selected' : 'completion-item'}
          // mousedown, not click: a click would blur the textarea first and close the list.
          onMouseDown={(event) => {
            event.preventDefault();
            onPick(item);
          }}
        >
          <span className="completion-label">{item.label}</span>
          <span className="completion-detail">{item.detail}</span>
        </li>
      ))}
    </ul>
  );
}
