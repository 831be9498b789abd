import { editorStore, useEditor } from '../store/editor-state.ts';
import { selectOnly } from '../store/graph-actions.ts';
import { problemCount } from './flow-actions.ts';
import { problemText } from './problem-text.ts';

/** What must be fixed before the flow can be published or run; clicking one selects its step. */
export function ProblemsPanel() {
  const problems = useEditor((state) => state.problems);
  const dirty = useEditor((state) => state.dirty);
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
              <button type="button" className="link-button" onClick={() => problem.nodeId !== undefined && selectOnly(problem.nodeId)}>
                <strong>{problem.nodeId}</strong>: {problemText(editorStore.get(), problem)}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
