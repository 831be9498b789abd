import type { Json } from '../api/types.ts';
import { useEditor } from '../store/editor-state.ts';
import { JsonView } from './json-view.tsx';
import { pinOutput, unpinOutput } from './pinned-outputs.ts';

/** What the selected step did in the run painted on the canvas (status, error, input, output), and its pinned output. */
export function StepResult({ nodeId }: { nodeId: string }) {
  const step = useEditor((state) => state.steps[nodeId]);
  const painted = useEditor((state) => state.painted);
  const pinned = useEditor((state) => state.pinned[nodeId]);
  const pinnedSection = pinned === undefined ? null : <PinnedOutput nodeId={nodeId} output={pinned} />;
  if (painted === null) return pinnedSection;
  if (step === undefined) {
    return (
      <>
        <section className="step-result">
          <h3>In {painted.label}</h3>
          <p className="muted">This step did not run.</p>
        </section>
        {pinnedSection}
      </>
    );
  }
  const samePinned = pinned !== undefined && JSON.stringify(pinned) === JSON.stringify(step.output);
  return (
    <>
      <section className="step-result" data-testid="step-result">
        <h3>
          In {painted.label}: <span className={`status-badge status-${step.status}`}>{step.status}</span>
          <span className="muted small"> {step.durationMs} ms</span>
        </h3>
        {step.error !== null && (
          <div className="step-error" data-testid="step-error">
            <strong>{step.error.code}</strong>: {step.error.message}
          </div>
        )}
        {step.ports.length > 0 && <p className="muted small">Went on through: {step.ports.join(', ')}</p>}
        <JsonView label="Input" value={step.input} testId="step-input" />
        <JsonView label="Output" value={step.output} testId="step-output" />
        {step.status === 'succeeded' && !samePinned && (
          <button
            type="button"
            className="small-button"
            title="Keep this output as the sample data the steps after this one are edited against"
            onClick={() => pinOutput(nodeId, step.output)}
          >
            {pinned === undefined ? 'Pin output' : 'Pin this output instead'}
          </button>
        )}
      </section>
      {pinnedSection}
    </>
  );
}

function PinnedOutput({ nodeId, output }: { nodeId: string; output: Json }) {
  return (
    <section className="pinned-output" data-testid="pinned-output">
      <h3>
        <span className="pin-badge">Pinned</span> Sample output
      </h3>
      <p className="muted small">
        The steps after this one use it as their sample data (<code>$</code> and <code>$nodes.{nodeId}</code>). Test runs still run this step. Kept in this
        browser only.
      </p>
      <JsonView label="Pinned output" value={output} testId="pinned-output-value" open={false} />
      <button type="button" className="small-button" onClick={() => unpinOutput(nodeId)}>
        Unpin output
      </button>
    </section>
  );
}
