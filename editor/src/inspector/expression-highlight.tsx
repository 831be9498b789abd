import { memo } from 'react';
import type { ExpressionProblem } from './expression-check.ts';
import { tokenize } from './expression-tokens.ts';

interface HighlightProps {
  /** The whole text in the field. */
  text: string;
  /** Where the JSONata starts in it (1 after a leading =), or null when the text is plain, not an expression. */
  expressionStart: number | null;
  problem: ExpressionProblem | null;
}

/**
 * The coloured copy of the text that sits behind the transparent textarea. It must hold exactly the
 * same characters in the same font, so every token lines up with what is typed over it.
 */
export const ExpressionHighlight = memo(function ExpressionHighlight({ text, expressionStart, problem }: HighlightProps) {
  const offset = expressionStart ?? 0;
  const markStart = problem === null ? -1 : problem.start + offset;
  const markEnd = problem === null ? -1 : problem.end + offset;
  const atEnd = problem !== null && markStart >= text.length;
  return (
    <pre className="expression-highlight" aria-hidden="true">
      {expressionStart === null ? (
        <span className="tok-text">{text}</span>
      ) : (
        <>
          {text.slice(0, offset) !== '' && <span className="tok-prefix">{text.slice(0, offset)}</span>}
          {tokenize(text.slice(offset)).map((token) => {
            const start = token.start + offset;
            const end = token.end + offset;
            const marked = start < markEnd && markStart < end;
            return (
              <span key={start} className={marked ? `tok-${token.kind} tok-error` : `tok-${token.kind}`}>
                {token.text}
              </span>
            );
          })}
        </>
      )}
      {atEnd && <span className="tok-error-end" />}
      {/* A trailing newline collapses in a <pre>; this keeps the last line as tall as the textarea's. */}
      {' '}
    </pre>
  );
});
