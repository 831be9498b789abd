import type { Json } from '../api/types.ts';
import { ExpressionHighlight } from '../inspector/expression-highlight.tsx';

interface FailedExpressionDetails {
  /** Which setting held it, e.g. `params.output.total`. */
  path: string | null;
  expression: string;
  /** Where JSONata stopped, just past the offending token; null when it did not say. */
  position: number | null;
}

/** The details of a step error raised by an expression (see engine/expressions), when they are. */
export function failedExpressionOf(details: Json | undefined): FailedExpressionDetails | undefined {
  if (details === null || typeof details !== 'object' || Array.isArray(details)) return undefined;
  const { expression, position, path } = details;
  if (typeof expression !== 'string') return undefined;
  return { expression, path: typeof path === 'string' ? path : null, position: typeof position === 'number' ? position : null };
}

/** Shows the expression a step failed in, with the place JSONata stopped marked, under the step's error. */
export function FailedExpression({ details }: { details: Json | undefined }) {
  const failure = failedExpressionOf(details);
  if (failure === undefined) return null;
  const problem = failure.position === null ? null : { message: '', code: null, start: Math.max(0, failure.position - 1), end: failure.position };
  return (
    <div className="failed-expression" data-testid="failed-expression">
      <span className="muted small">{failure.path === null ? 'In the expression' : `In ${failure.path}`}:</span>
      <ExpressionHighlight text={failure.expression} expressionStart={0} problem={problem} />
    </div>
  );
}
