import { useReactFlow } from '@xyflow/react';
import { type DragEvent, useMemo, useState } from 'react';
import type { CatalogNode } from '../api/types.ts';
import { catalogKey, useEditor } from '../store/editor-state.ts';
import { addStep, freePositionNear } from '../store/graph-actions.ts';
import { iconOf } from '../ui/icons.ts';

export const PALETTE_DRAG_TYPE = 'application/x-weft-node';

// Triggers first: every flow starts with one.
const categoryOrder = ['Triggers', 'Flow', 'Transform', 'Actions'];

/** The node catalog (inside the canvas's ReactFlowProvider), grouped by category and searchable; drag an entry onto the canvas or click it. */
export function Palette() {
  const catalog = useEditor((state) => state.catalog);
  const [query, setQuery] = useState('');
  const { screenToFlowPosition } = useReactFlow();
  // A clicked step lands in the middle of what the person is looking at, never off-screen.
  const addInView = (entry: CatalogNode) => {
    const canvas = document.querySelector('[data-testid=canvas]')?.getBoundingClientRect();
    const centre = canvas === undefined ? { x: 0, y: 0 } : screenToFlowPosition({ x: canvas.x + canvas.width / 2 - 105, y: canvas.y + canvas.height / 3 });
    addStep(entry, freePositionNear(centre));
  };
  const groups = useMemo(() => groupEntries([...catalog.values()], query), [catalog, query]);
  return (
    <aside className="palette" aria-label="Steps you can add">
      <input className="palette-search" type="search" placeholder="Search steps…" value={query} onChange={(event) => setQuery(event.target.value)} />
      {groups.length === 0 && <p className="muted">No step matches “{query}”.</p>}
      {groups.map(([category, entries]) => (
        <section key={category} className="palette-group">
          <h3>{category}</h3>
          {entries.map((entry) => (
            <button
              key={catalogKey(entry.type, entry.typeVersion)}
              type="button"
              className="palette-item"
              draggable
              data-testid={`palette-${entry.type}`}
              title={`${entry.description}\n\nDrag onto the canvas, or click to add.`}
              onDragStart={(event) => startDrag(event, entry)}
              onClick={() => addInView(entry)}
            >
              <span className="palette-icon" aria-hidden="true">
                {iconOf(entry.icon)}
              </span>
              <span>{entry.displayName}</span>
            </button>
          ))}
        </section>
      ))}
      <p className="palette-hint">Drag a step onto the canvas, or click to add it. Connect steps by dragging from a right-hand dot to a left-hand dot.</p>
    </aside>
  );
}

function startDrag(event: DragEvent, entry: CatalogNode): void {
  event.dataTransfer.setData(PALETTE_DRAG_TYPE, catalogKey(entry.type, entry.typeVersion));
  event.dataTransfer.effectAllowed = 'move';
}

function groupEntries(entries: CatalogNode[], query: string): [string, CatalogNode[]][] {
  const needle = query.trim().toLowerCase();
  const groups = new Map<string, CatalogNode[]>();
  for (const entry of entries) {
    if (!entry.latest) continue;
    const haystack = `${entry.displayName} ${entry.type} ${entry.description} ${entry.category}`.toLowerCase();
    if (needle !== '' && !haystack.includes(needle)) continue;
    groups.set(entry.category, [...(groups.get(entry.category) ?? []), entry]);
  }
  const rank = (category: string) => {
    const index = categoryOrder.indexOf(category);
    return index === -1 ? categoryOrder.length : index;
  };
  return [...groups.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}
