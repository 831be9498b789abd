import { useEffect, useRef, useState } from 'react';
import type { Json } from '../api/types.ts';
import { formatJson } from './schema-utils.ts';

interface JsonEditorProps {
  id: string;
  value: Json | undefined;
  placeholder?: string;
  onChange(value: Json | undefined): void;
}

/** Free JSON as text; the value changes only while the text parses, with the parse error shown otherwise. */
export function JsonEditor({ id, value, placeholder, onChange }: JsonEditorProps) {
  const [text, setText] = useState(() => formatJson(value));
  const [error, setError] = useState<string | null>(null);
  // What this editor last sent; a different incoming value came from elsewhere (undo, a restored version).
  const sent = useRef(JSON.stringify(value ?? null));
  useEffect(() => {
    const incoming = JSON.stringify(value ?? null);
    if (incoming === sent.current) return;
    sent.current = incoming;
    setText(formatJson(value));
    setError(null);
  }, [value]);
  const emit = (next: Json | undefined) => {
    sent.current = JSON.stringify(next ?? null);
    onChange(next);
  };
  const edit = (next: string) => {
    setText(next);
    if (next.trim() === '') {
      setError(null);
      emit(undefined);
      return;
    }
    try {
      const parsed: Json = JSON.parse(next);
      setError(null);
      emit(parsed);
    } catch (parseError) {
      setError(parseError instanceof Error ? parseError.message : 'not valid JSON');
    }
  };
  return (
    <>
      <textarea
        id={id}
        className="code-input"
        rows={Math.min(14, Math.max(4, text.split('\n').length + 1))}
        spellCheck={false}
        value={text}
        placeholder={placeholder}
        onChange={(event) => edit(event.target.value)}
      />
      {error !== null && <div className="field-error">This is not valid JSON yet: {error}</div>}
    </>
  );
}
