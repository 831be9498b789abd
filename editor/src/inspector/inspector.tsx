import type { Json } from '../api/types.ts';
import { paramOfProblem, problemText } from '../editor/problem-text.ts';
import { StepResult } from '../run/step-result.tsx';
import { catalogEntryOf, editorStore, useEditor } from '../store/editor-state.ts';
import { deleteSelected, selectOnly, updateStep } from '../store/graph-actions.ts';
import { CredentialPicker } from './credential-picker.tsx';
import { useExpressionSample } from './expression-sample.ts';
import { SchemaForm } from './schema-form.tsx';
import { ScheduleState } from './schedule-state.tsx';
import { WebhookUrl } from './webhook-url.tsx';

/** Settings of the one selected step: description, name, generated params form, last run result. */
export function Inspector() {
  const selectedId = useEditor((state) => {
    const selected = state.nodes.filter((node) => node.selected === true);
    return selected.length === 1 ? (selected[0]?.id ?? null) : selected.length > 1 ? '*' : null;
  });
  if (selectedId === null) return <p className="muted panel-empty">Select a step on the canvas to see and change its settings.</p>;
  if (selectedId === '*') return <p className="muted panel-empty">Several steps are selected. Press Delete to remove them, or select just one to edit it.</p>;
  return <StepInspector key={selectedId} nodeId={selectedId} />;
}

function StepInspector({ nodeId }: { nodeId: string }) {
  // The node's data, not the node: dragging the step moves it on every frame, and the form need not follow.
  const data = useEditor((state) => state.nodes.find((candidate) => candidate.id === nodeId)?.data);
  const entry = useEditor((state) => catalogEntryOf(state, state.nodes.find((candidate) => candidate.id === nodeId)));
  const problems = useEditor((state) => state.problems);
  const sample = useExpressionSample(nodeId);
  if (data === undefined) return null;
  const nodeProblems = problems.filter((problem) => problem.nodeId === nodeId);
  // Problems about one param show under that field; the rest above the form.
  const fieldProblems: Record<string, string> = {};
  for (const problem of nodeProblems) {
    const param = paramOfProblem(problem);
    if (param !== null) fieldProblems[param] ??= problemText(editorStore.get(), problem);
  }
  const known = entry?.paramsSchema.properties ?? {};
  const otherProblems = nodeProblems.filter((problem) => {
    const param = paramOfProblem(problem);
    return param === null || (entry !== undefined && !(param in known));
  });
  // Settings this node type does not have (an imported flow from another version, a typo) can only be removed.
  const unknownParams = entry === undefined ? [] : Object.keys(data.params).filter((name) => !(name in known));
  const setParam = (name: string, value: Json | undefined) => {
    updateStep(nodeId, `param:${name}`, (data) => {
      const { [name]: _old, ...rest } = data.params;
      return { ...data, params: value === undefined ? rest : { ...rest, [name]: value } };
    });
    // Editing a field answers its problem; the next save checks again.
    editorStore.set((state) => ({ problems: state.problems.filter((problem) => problem.nodeId !== nodeId || paramOfProblem(problem) !== name) }));
  };
  return (
    <div className="inspector" data-testid="inspector">
      <h2>{data.name ?? entry?.displayName ?? data.type}</h2>
      <p className="node-description">{entry?.description ?? `This Weft does not know the step type ${data.type}.`}</p>
      <p className="muted small">
        Id <code>{nodeId}</code> — later steps can read its output as <code>$nodes.{nodeId}</code>.
      </p>
      {otherProblems.length > 0 && (
        <ul className="problem-list inline">
          {otherProblems.map((problem) => (
            <li key={`${problem.path}:${problem.code}`}>⚠ {problem.message}</li>
          ))}
        </ul>
      )}
      {data.type === 'core.webhook' && <WebhookUrl path={typeof data.params.path === 'string' ? data.params.path : ''} />}
      {data.type === 'core.schedule' && <ScheduleState nodeId={nodeId} draftCron={typeof data.params.cron === 'string' ? data.params.cron : ''} />}
      {unknownParams.map((name) => (
        <div key={name} className="unknown-param">
          <span>
            Unknown setting <code>{name}</code>
          </span>
          <button type="button" className="small-button" onClick={() => setParam(name, undefined)}>
            Remove
          </button>
        </div>
      ))}
      <StepResult nodeId={nodeId} />
      <div className="field">
        <label htmlFor={`name-${nodeId}`}>Name shown on the canvas</label>
        <input
          id={`name-${nodeId}`}
          type="text"
          value={data.name ?? ''}
          placeholder={entry?.displayName}
          onChange={(event) => updateStep(nodeId, 'name', (data) => withOptional(data, 'name', event.target.value))}
        />
      </div>
      {entry !== undefined && <CredentialPicker nodeId={nodeId} slots={entry.credentials} />}
      {entry !== undefined && <SchemaForm nodeId={nodeId} schema={entry.paramsSchema} params={data.params} problems={fieldProblems} sample={sample} onChange={setParam} />}
      <div className="field">
        <label htmlFor={`notes-${nodeId}`}>Notes</label>
        <textarea
          id={`notes-${nodeId}`}
          rows={3}
          value={data.notes ?? ''}
          placeholder="Why this step exists, for whoever reads the flow next"
          onChange={(event) => updateStep(nodeId, 'notes', (data) => withOptional(data, 'notes', event.target.value))}
        />
      </div>
      <button type="button" className="danger-button" onClick={() => removeStep(nodeId)}>
        Delete step
      </button>
    </div>
  );
}

function withOptional<Data extends { name?: string; notes?: string }>(data: Data, key: 'name' | 'notes', text: string): Data {
  const next = { ...data };
  if (text === '') delete next[key];
  else next[key] = text;
  return next;
}

function removeStep(nodeId: string): void {
  // The same path as the Delete key, so undo brings the step and its edges back.
  selectOnly(nodeId);
  deleteSelected();
}
