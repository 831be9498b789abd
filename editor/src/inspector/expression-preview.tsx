import { useEffect, useState } from 'react';
import type { PreviewOutcome } from './expression-evaluate.ts';
import { evaluateInWorker } from './expression-preview-client.ts';
import { type ExpressionSample, hasSample, previewBindings } from './expression-sample.ts';

/** Waits for a pause in typing before evaluating. */
const DEBOUNCE_MS = 200;
const MAX_SHOWN = 300;

/** The value an expression gives against the current sample, updated as it is typed. */
export function ExpressionPreview({ source, sample }: { source: string; sample: ExpressionSample }) {
  const outcome = usePreview(source, sample);
  if (source.trim() === '') return null;
  if (!hasSample(sample)) {
    return (
      <div className="expression-preview is-empty" data-testid="expression-preview">
        No sample data to preview with yet: paste a test event in Test run, or run a test.
      </div>
    );
  }
  if (outcome === null) return <div className="expression-preview is-pending" data-testid="expression-preview" aria-busy="true" />;
  if (outcome.kind === 'error') {
    return (
      <div className="expression-preview is-error" data-testid="expression-preview">
        With the sample data: {outcome.message}
      </div>
    );
  }
  return (
    <div className="expression-preview" data-testid="expression-preview" title="What this gives with the sample data">
      <span className="expression-preview-arrow" aria-hidden="true">
        →{' '}
      </span>
      {outcome.value === undefined ? <span className="muted">nothing (the field is left out)</span> : <code>{shown(JSON.stringify(outcome.value))}</code>}
    </div>
  );
}

function usePreview(source: string, sample: ExpressionSample): PreviewOutcome | null {
  const [outcome, setOutcome] = useState<PreviewOutcome | null>(null);
  useEffect(() => {
    if (source.trim() === '' || !hasSample(sample)) return;
    let current = true;
    const timer = setTimeout(() => {
      void evaluateInWorker(source, previewBindings(sample)).then((next) => {
        if (current) setOutcome(next);
      });
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [source, sample]);
  return outcome;
}

function shown(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}
