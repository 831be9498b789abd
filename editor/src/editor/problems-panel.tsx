import { useReactFlow, useStoreApi } from '@xyflow/react';
import { editorStore, useEditor } from '../store/editor-state.ts';
import { selectOnly } from '../store/graph-actions.ts';
import { problemCount } from './flow-actions.ts';
import { problemText } from './problem-text.ts';

/** What must be fixed before the flow can be published or run; clicking one selects its step and brings it into view. */
export function ProblemsPanel() {
  const problems = useEditor((state) => state.problems);
  const dirty = useEditor((state) => state.dirty);
  const { fitView } = useReactFlow();
  const flowStore = useStoreApi();
  const jumpTo = (nodeId: string) => {
    selectOnly(nodeId);
    // In a large flow the step may be off screen (and so not drawn at all): then the view moves to it.
    const { nodeLookup, transform, width, height } = flowStore.getState();
    const node = nodeLookup.get(nodeId);
    if (node === undefined) return;
    const [x, y, zoom] = transform;
    const left = node.internals.positionAbsolute.x * zoom + x;
    const top = node.internals.positionAbsolute.y * zoom + y;
    const onScreen = left >= 0 && top >= 0 && left + (node.measured.width ?? 0) * zoom <= width && top + (node.measured.height ?? 0) * zoom <= height;
    if (!onScreen) void fitView({ nodes: [{ id: nodeId }], maxZoom: 1, duration: 200 });
  };
  if (problems.length === 0) return null;
  return (
    <section className="problems-panel" data-testid="problems-panel" aria-label="Problems">
      <h3>
        ⚠ {problemCount(problems.length)} to fix before publishing{dirty && <span className="muted small"> (found at the last save; save to check again)</span>}
      </h3>
      <ul className="problem-list">
        {problems.map((problem) => (
          <li key={`${problem.path}:${problem.code}:${problem.message}`}>
            {problem.nodeId === undefined ? (
              <span>{problemText(editorStore.get(), problem)}</span>
            ) : (
              <button type="button" className="link-button" onClick={() => problem.nodeId !== undefined && jumpTo(problem.nodeId)}>
                <strong>{problem.nodeId}</strong>: {problemText(editorStore.get(), problem)}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
