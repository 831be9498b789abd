import { type KeyboardEvent, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { checkExpression } from './expression-check.ts';
import { CompletionList } from './expression-completion-list.tsx';
import { type Completion, type CompletionItem, completionsAt } from './expression-completions.ts';
import { ExpressionHighlight } from './expression-highlight.tsx';
import { ExpressionPreview } from './expression-preview.tsx';
import type { ExpressionSample } from './expression-sample.ts';

interface ExpressionEditorProps {
  id?: string;
  /** The accessible name, for editors without a <label for>. */
  label?: string;
  value: string;
  /**
   * expression: the whole text is JSONata (a param in Expression mode, shown after an "=").
   * value: the text is JSONata only when it starts with "=" (a template or header value); otherwise it is literal text.
   */
  mode: 'expression' | 'value';
  sample: ExpressionSample;
  placeholder?: string;
  onChange(text: string): void;
}

type OpenCompletion = Completion & { selected: number };

/**
 * A JSONata field: highlighted as typed, with JSONata's own error marked where it happens,
 * completion of field paths from the sample data, and a live preview of the value.
 */
export function ExpressionEditor({ id, label, value, mode, sample, placeholder, onChange }: ExpressionEditorProps) {
  const listId = useId();
  const errorId = useId();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [completion, setCompletion] = useState<OpenCompletion | null>(null);
  // Where the caret goes once an accepted suggestion is in the text.
  const caretAfterAccept = useRef<number | null>(null);
  const start = expressionStart(value, mode);
  const source = start === null ? null : value.slice(start);
  const problem = useMemo(() => (source === null ? null : checkExpression(source)), [source]);

  const suggest = (text: string, caret: number, force: boolean) => {
    const from = expressionStart(text, mode);
    const found = from === null || caret < from ? null : completionsAt(text.slice(from), caret - from, sample, force);
    setCompletion(found === null || from === null ? null : { ...found, from: found.from + from, to: found.to + from, selected: 0 });
  };
  useLayoutEffect(() => {
    const caret = caretAfterAccept.current;
    if (caret === null || textarea.current === null) return;
    caretAfterAccept.current = null;
    textarea.current.setSelectionRange(caret, caret);
    suggest(value, caret, false);
  });
  const accept = (item: CompletionItem) => {
    if (completion === null) return;
    caretAfterAccept.current = completion.from + item.insert.length;
    setCompletion(null);
    onChange(value.slice(0, completion.from) + item.insert + value.slice(completion.to));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === ' ' && event.ctrlKey) {
      event.preventDefault();
      suggest(value, event.currentTarget.selectionStart, true);
      return;
    }
    if (completion === null) return;
    const move = (step: number) => setCompletion({ ...completion, selected: (completion.selected + step + completion.items.length) % completion.items.length });
    const chosen = completion.items[completion.selected];
    if (event.key === 'ArrowDown') move(1);
    else if (event.key === 'ArrowUp') move(-1);
    else if ((event.key === 'Enter' || event.key === 'Tab') && chosen !== undefined) accept(chosen);
    else if (event.key === 'Escape') setCompletion(null);
    else return;
    event.preventDefault();
    // Escape here closes the list, not a dialog around the editor.
    event.stopPropagation();
  };
  return (
    <div className="expression-editor">
      <div className="expression-row">
        {mode === 'expression' && (
          <span className="expression-prefix" aria-hidden="true">
            =
          </span>
        )}
        <div className="expression-layers">
          <ExpressionHighlight text={value} expressionStart={start} problem={problem} />
          <textarea
            ref={textarea}
            id={id}
            aria-label={label}
            className="code-input"
            rows={1}
            spellCheck={false}
            autoCapitalize="off"
            autoComplete="off"
            placeholder={placeholder}
            value={value}
            aria-autocomplete="list"
            aria-controls={completion === null ? undefined : listId}
            aria-activedescendant={completion === null ? undefined : `${listId}-${completion.selected}`}
            aria-invalid={problem !== null}
            aria-describedby={problem === null ? undefined : errorId}
            onChange={(event) => {
              onChange(event.target.value);
              suggest(event.target.value, event.target.selectionStart, false);
            }}
            onKeyDown={onKeyDown}
            onClick={() => setCompletion(null)}
            onBlur={() => setCompletion(null)}
          />
        </div>
      </div>
      {completion !== null && <CompletionList id={listId} items={completion.items} selected={completion.selected} onPick={accept} />}
      {problem !== null && (
        <div className="field-error expression-error" id={errorId} data-testid="expression-error">
          ⚠ {problem.message}
        </div>
      )}
      {problem === null && source !== null && <ExpressionPreview source={source} sample={sample} />}
    </div>
  );
}

/** Where the JSONata begins in the text, or null when the text is a plain value. */
function expressionStart(text: string, mode: 'expression' | 'value'): number | null {
  if (mode === 'expression') return 0;
  return text.startsWith('=') ? 1 : null;
}
