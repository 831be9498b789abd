import type { StepRecord } from '../api/types.ts';
import { FailedExpression } from './failed-expression.tsx';
import { JsonView } from './json-view.tsx';

/** One record of a step: its error, the ports it went on through, its input and output. `testIds` marks the inspector's copy for the browser tests. */
export function StepRecordView({ record, testIds = false }: { record: StepRecord; testIds?: boolean }) {
  const id = (name: string) => (testIds ? name : undefined);
  return (
    <>
      {record.error !== null && (
        <div className="step-error" data-testid={id('step-error')}>
          <strong>{record.error.code}</strong>: {record.error.message}
          <FailedExpression details={record.error.details} />
        </div>
      )}
      {record.ports.length > 0 && <p className="muted small">Went on through: {record.ports.join(', ')}</p>}
      <JsonView label="Input" value={record.input} {...(testIds ? { testId: 'step-input' } : {})} />
      <JsonView label="Output" value={record.output} {...(testIds ? { testId: 'step-output' } : {})} />
    </>
  );
}
