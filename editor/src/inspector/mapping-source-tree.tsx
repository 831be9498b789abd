import { type DragEvent, useState } from 'react';
import { describeValue } from './expression-completions.ts';
import { childFields, type SourceField, type SourceGroup } from './mapping-sources.ts';

/** The drag payload type: a JSONata path. Dropped anywhere else it arrives as the text "=<path>". */
export const SOURCE_PATH_TYPE = 'application/x-weft-source-path';

// Open at first: the input and its first level of fields; the rest opens on demand.
const OPEN_DEPTH = 2;

interface SourceTreeProps {
  groups: SourceGroup[];
  onPick(path: string): void;
}

/** The mapping view's left side: fields of the sample, to drag onto a target (or click). */
export function MappingSourceTree({ groups, onPick }: SourceTreeProps) {
  if (groups.length === 0) {
    return <p className="muted small">No sample data yet: paste a test event in Test run, or run a test, to see the fields you can map.</p>;
  }
  return (
    <ul className="source-tree" aria-label="Fields from the sample">
      {groups.map((group, index) => (
        <SourceNode key={group.root.path} field={group.root} hint={group.hint} initiallyOpen={index === 0} onPick={onPick} />
      ))}
    </ul>
  );
}

interface SourceNodeProps {
  field: SourceField;
  hint?: string;
  initiallyOpen: boolean;
  onPick(path: string): void;
}

function SourceNode({ field, hint, initiallyOpen, onPick }: SourceNodeProps) {
  const [open, setOpen] = useState(initiallyOpen);
  // One level at a time: only what is on screen is worked out.
  const children = childFields(field);
  const branch = children.length > 0;
  const startDrag = (event: DragEvent<HTMLButtonElement>) => {
    event.dataTransfer.setData(SOURCE_PATH_TYPE, field.path);
    event.dataTransfer.setData('text/plain', `=${field.path}`);
    event.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <li className="source-node">
      <div className="source-row">
        {branch ? (
          <button type="button" className="source-toggle" aria-expanded={open} aria-label={`${open ? 'Fold' : 'Unfold'} ${field.path}`} onClick={() => setOpen(!open)}>
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="source-toggle" aria-hidden="true" />
        )}
        <button
          type="button"
          className={field.depth === 0 ? 'source-field is-group' : 'source-field'}
          draggable
          aria-label={field.path}
          title={`${hint ?? field.path}${branch ? '' : ` = ${describeValue(field.value)}`}: drag onto an output field, or click to add it as a new one`}
          onDragStart={startDrag}
          onClick={() => onPick(field.path)}
        >
          <span className="source-name">{field.label}</span>
          {field.depth > 0 && !branch && <span className="source-value">{describeValue(field.value)}</span>}
        </button>
      </div>
      {branch && open && (
        <ul>
          {children.map((child) => (
            <SourceNode key={child.path} field={child} initiallyOpen={child.depth < OPEN_DEPTH} onPick={onPick} />
          ))}
        </ul>
      )}
    </li>
  );
}
