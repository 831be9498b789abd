import { useEditor } from '../store/editor-state.ts';
import { JsonView } from './json-view.tsx';

/** What the selected step did in the run painted on the canvas: status, error, input and output. */
export function StepResult({ nodeId }: { nodeId: string }) {
  const step = useEditor((state) => state.steps[nodeId]);
  const painted = useEditor((state) => state.painted);
  if (painted === null) return null;
  if (step === undefined) {
    return (
      <section className="step-result">
        <h3>In {painted.label}</h3>
        <p className="muted">This step did not run.</p>
      </section>
    );
  }
  return (
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
    </section>
  );
}
