import {
  type Connection,
  type Edge,
  Controls,
  type FinalConnectionState,
  MiniMap,
  Panel,
  ReactFlow,
  useReactFlow,
} from '@xyflow/react';
import { type DragEvent, useCallback, useEffect, useState } from 'react';
import { editorStore, useEditor } from '../store/editor-state.ts';
import { addStep, changeEdges, changeNodes, connect } from '../store/graph-actions.ts';
import { tidyUp } from '../store/auto-layout.ts';
import { copySelection, pasteCopied } from '../store/clipboard-actions.ts';
import { checkpoint, redo, undo } from '../store/history.ts';
import { connectionProblem } from './connection-rules.ts';
import { GridBackground } from './grid-background.tsx';
import { nodeTypes } from './node-types.ts';
import { PALETTE_DRAG_TYPE } from './palette.tsx';
import { NextStepPicker } from './next-step-picker.tsx';
import { ShortcutsHelp } from './shortcuts-help.tsx';

const deleteKeys = ['Backspace', 'Delete'];
// Shift+click adds to the selection, as in most drawing tools; Ctrl/Cmd+click too.
const multiSelectKeys = ['Shift', 'Control', 'Meta'];
const fitViewOptions = { padding: 0.3, maxZoom: 1.2 };
// React Flow's default (0.5) cannot fit a six-step flow into the canvas at 1280×800; "Fit" should.
const MIN_ZOOM = 0.2;

/** The flow drawn as a graph; every change goes through the editor store. Render inside a ReactFlowProvider. */
export function Canvas() {
  const nodes = useEditor((state) => state.nodes);
  const edges = useEditor((state) => state.edges);
  const { screenToFlowPosition, fitView } = useReactFlow();
  const [helpOpen, setHelpOpen] = useState(false);
  // React Flow fits the view when nodes first appear; on an empty canvas that would be the first
  // node dropped, jumping the view under the person's hand. Fit only a flow that opens with nodes.
  const [fitOnOpen] = useState(() => nodes.length > 0);
  useCanvasShortcuts();

  const onDrop = useCallback(
    (event: DragEvent) => {
      event.preventDefault();
      const key = event.dataTransfer.getData(PALETTE_DRAG_TYPE);
      const entry = editorStore.get().catalog.get(key);
      if (entry === undefined) return;
      const position = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      addStep(entry, { x: position.x - 100, y: position.y - 30 });
    },
    [screenToFlowPosition],
  );

  return (
    <div className="canvas" data-testid="canvas" onDrop={onDrop} onDragOver={allowDrop}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={changeNodes}
        onEdgesChange={changeEdges}
        onConnect={connect}
        onConnectEnd={explainRefusedConnection}
        isValidConnection={isValidConnection}
        onNodeDragStart={checkpoint}
        deleteKeyCode={deleteKeys}
        multiSelectionKeyCode={multiSelectKeys}
        fitView={fitOnOpen}
        fitViewOptions={fitViewOptions}
        minZoom={MIN_ZOOM}
        // Steps off screen are not in the page: with 200 steps, every frame of a drag otherwise
        // re-layers all of them (bench/editor-large-flow.bench.ts: a quarter of the frames dropped).
        onlyRenderVisibleElements
      >
        <GridBackground />
        <MiniMap pannable zoomable ariaLabel="Overview of the flow" />
        <Controls fitViewOptions={fitViewOptions} />
        <Panel position="top-right" className="canvas-actions">
          <button
            type="button"
            className="small-button"
            title="Arrange the steps left to right"
            onClick={() => {
              tidyUp();
              // Fit after React Flow has the new positions.
              requestAnimationFrame(() => void fitView(fitViewOptions));
            }}
          >
            Tidy up
          </button>
          <button type="button" className="small-button" title="Zoom to fit" onClick={() => void fitView(fitViewOptions)}>
            Fit
          </button>
          <button type="button" className="small-button" title="Keyboard shortcuts" aria-label="Keyboard shortcuts" onClick={() => setHelpOpen(true)}>
            ?
          </button>
        </Panel>
      </ReactFlow>
      {helpOpen && <ShortcutsHelp onClose={() => setHelpOpen(false)} />}
      <NextStepPicker />
      {nodes.length === 0 && (
        <div className="canvas-empty">
          <p>
            <strong>Your flow is empty.</strong>
          </p>
          <p>Drag a trigger such as “Webhook” from the list on the left onto this canvas, or click it to add it.</p>
        </div>
      )}
    </div>
  );
}

function isValidConnection(connection: Connection | Edge): boolean {
  return connectionProblem(editorStore.get(), connection) === null;
}

function allowDrop(event: DragEvent): void {
  event.preventDefault();
  event.dataTransfer.dropEffect = 'move';
}

/**
 * React Flow silently drops a refused connection; say why instead. Dropping on a node's body (not
 * exactly on its port) connects to its first input, which is what people mean.
 */
function explainRefusedConnection(event: MouseEvent | TouchEvent, connection: FinalConnectionState): void {
  if (connection.isValid === true || connection.fromNode === null || connection.fromHandle === null) return;
  const point = 'changedTouches' in event ? event.changedTouches[0] : event;
  if (point === undefined) return;
  const element = document.elementFromPoint(point.clientX, point.clientY)?.closest('.react-flow__node');
  const targetId = connection.toNode?.id ?? element?.getAttribute('data-id') ?? null;
  if (targetId === null || targetId === connection.fromNode.id) return;
  const state = editorStore.get();
  const target = state.nodes.find((node) => node.id === targetId);
  const entry = target === undefined ? undefined : state.catalog.get(`${target.data.type}@${target.data.typeVersion}`);
  const attempt = {
    source: connection.fromNode.id,
    sourceHandle: connection.fromHandle.id ?? 'out',
    target: targetId,
    targetHandle: connection.toHandle?.id ?? entry?.inputs[0] ?? 'in',
  };
  connect(attempt);
}

function useCanvasShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || isTyping(event.target)) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) undo();
      else if ((key === 'z' && event.shiftKey) || key === 'y') redo();
      else if (key === 'c') copySelection();
      else if (key === 'v') pasteCopied();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}
