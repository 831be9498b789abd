import { useState } from 'react';
import { ApiError, describeError } from '../api/client.ts';
import type { FlowView, Json, Problem } from '../api/types.ts';
import { weftApi } from '../api/weft-api.ts';
import { Dialog } from '../ui/dialog.tsx';

/** Imports a flow document pasted or read from a file, and shows what is wrong with it, where. */
export function ImportDialog({ onClose, onImported }: { onClose(): void; onImported(flowId: string): void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [imported, setImported] = useState<FlowView | null>(null);
  const readFile = async (file: File | undefined) => {
    if (file !== undefined) setText(await file.text());
  };
  const submit = async () => {
    setError(null);
    setProblems([]);
    let document: Json;
    try {
      document = JSON.parse(text);
    } catch (parseError) {
      setError(`This is not valid JSON: ${parseError instanceof Error ? parseError.message : ''}`);
      return;
    }
    try {
      const flow = await weftApi.importFlow(document);
      if (flow.problems.length === 0 && flow.requiredCredentials.length === 0) onImported(flow.id);
      else setImported(flow);
    } catch (importError) {
      if (importError instanceof ApiError && importError.code === 'flow_exists') setError(`${describeError(importError)}. Delete it first, or change the "id" in the JSON.`);
      else if (importError instanceof ApiError && importError.problems().length > 0) {
        const count = importError.problems().length;
        setError(`Not imported: the flow has ${count} problem${count === 1 ? '' : 's'}, listed below with where they are.`);
      } else setError(`Not imported: ${describeError(importError)}`);
      if (importError instanceof ApiError) setProblems(importError.problems());
    }
  };
  if (imported !== null) {
    return (
      <Dialog title="Flow imported, with things to fix" onClose={() => onImported(imported.id)}>
        <p>“{imported.name}” was imported as a draft. Before it can run:</p>
        <ProblemList problems={imported.problems} />
        {imported.requiredCredentials.length > 0 && (
          <ul className="problem-list">
            {imported.requiredCredentials.map((item) => (
              <li key={`${item.nodeId}:${item.slot}`}>
                Connect credential <code>{item.credentialId}</code> for step <strong>{item.nodeId}</strong> ({item.slot})
              </li>
            ))}
          </ul>
        )}
        <button type="button" className="primary-button" onClick={() => onImported(imported.id)}>
          Open the flow
        </button>
      </Dialog>
    );
  }
  return (
    <Dialog title="Import a flow" onClose={onClose}>
      <p className="muted">Paste a flow’s JSON (as exported by Weft) or choose a .flow.json file.</p>
      <input type="file" accept=".json,application/json" aria-label="Flow file" onChange={(event) => void readFile(event.target.files?.[0])} />
      <textarea aria-label="Flow JSON" className="code-input" rows={12} spellCheck={false} value={text} onChange={(event) => setText(event.target.value)} />
      {error !== null && (
        <div className="field-error" role="alert" data-testid="import-error">
          {error}
        </div>
      )}
      <ProblemList problems={problems} />
      <div className="button-row">
        <button type="button" className="primary-button" disabled={text.trim() === ''} onClick={() => void submit()}>
          Import
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}

function ProblemList({ problems }: { problems: Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="problem-list" data-testid="import-problems">
      {problems.map((problem) => (
        <li key={`${problem.path}:${problem.code}:${problem.message}`}>
          <code>{problem.path}</code>: {problem.message}
        </li>
      ))}
    </ul>
  );
}
