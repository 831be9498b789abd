import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { problemText } from '../editor/problem-text.ts';
import { overallStatus } from '../run/step-records.ts';
import { catalogKey, editorStore, useEditor, type WeftNode } from '../store/editor-state.ts';
import { iconOf } from '../ui/icons.ts';
import { RunBadge } from './run-badge.tsx';

/** One step on the canvas: icon, name, id, labelled ports, problem and run-status badges. */
export const StepNodeView = memo(function StepNodeView({ id, data, selected }: NodeProps<WeftNode>) {
  const entry = useEditor((state) => state.catalog.get(catalogKey(data.type, data.typeVersion)));
  const records = useEditor((state) => state.steps[id]);
  const pinned = useEditor((state) => state.pinned[id] !== undefined);
  const problem = useEditor((state) => {
    const first = state.problems.find((item) => item.nodeId === id);
    return first === undefined ? undefined : problemText(state, first);
  });
  const problemCount = useEditor((state) => state.problems.filter((item) => item.nodeId === id).length);
  const inputs = entry?.inputs ?? ['in'];
  const outputs = entry?.outputs ?? ['out'];
  const title = data.name ?? entry?.displayName ?? data.type;
  const classes = ['step-node', selected ? 'is-selected' : '', problemCount > 0 ? 'has-problem' : '', entry?.trigger ? 'is-trigger' : '', records ? `run-${overallStatus(records)}` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={classes} data-testid={`node-${id}`} title={problem} style={portsHeight(Math.max(inputs.length, outputs.length))}>
      {inputs.map((port, index) => (
        <Handle key={port} type="target" position={Position.Left} id={port} style={{ top: portOffset(index, inputs.length) }} />
      ))}
      <div className="step-node-head">
        <span className="step-node-icon" aria-hidden="true">
          {iconOf(entry?.icon ?? null)}
        </span>
        <div className="step-node-titles">
          <div className="step-node-title">{title}</div>
          <div className="step-node-id">{id}</div>
        </div>
      </div>
      {entry === undefined && <div className="step-node-warning">Unknown type {data.type}</div>}
      {problemCount > 0 && (
        <div className="step-node-problem" data-testid={`node-problem-${id}`}>
          ⚠ {problemCount === 1 ? problem : `${problemCount} problems`}
        </div>
      )}
      {pinned && (
        <span className="pin-badge" data-testid={`node-pinned-${id}`} title="Its output is pinned as sample data for the steps after it">
          pinned
        </span>
      )}
      <RunBadge nodeId={id} />
      {outputs.map((port, index) => (
        <Handle key={port} type="source" position={Position.Right} id={port} style={{ top: portOffset(index, outputs.length) }}>
          {(outputs.length > 1 || port !== 'out') && <span className="port-label">{port}</span>}
          <button
            type="button"
            className="add-next nodrag"
            aria-label={`Add a step after ${id}${outputs.length > 1 ? ` (${port})` : ''}`}
            title="Add the next step here"
            // The button sits on the port: without this, pressing it would start drawing a connection.
            onMouseDown={(event) => event.stopPropagation()}
            onClick={(event) => {
              event.stopPropagation();
              editorStore.set({ addingAfter: { nodeId: id, port } });
            }}
          >
            +
          </button>
        </Handle>
      ))}
    </div>
  );
});

// Room for each port's label: a switch's nine outputs would overlap on a node of the usual height.
const PORT_SPACING_PX = 20;

function portsHeight(count: number): { minHeight: number } | undefined {
  return count > 2 ? { minHeight: (count + 1) * PORT_SPACING_PX } : undefined;
}

function portOffset(index: number, count: number): string {
  return `${((index + 1) * 100) / (count + 1)}%`;
}
