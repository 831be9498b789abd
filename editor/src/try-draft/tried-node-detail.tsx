import type { Json, JsonChange, TriedNode } from '../api/types.ts';
import { JsonView } from '../run/json-view.tsx';
import { nodeSentence, verdictLabels } from './try-draft-text.ts';

/** One step of a tried event: what happened, what it would have sent, and its changes field by field. */
export function TriedNodeDetail({ node }: { node: TriedNode }) {
  const { before, after, notSent } = node;
  return (
    <section className="try-node-detail" data-testid="try-node-detail" aria-label={`Details of ${node.nodeId}`}>
      <h3>
        {node.name ?? node.nodeId} <span className={`try-verdict try-verdict-${node.verdict}`}>{verdictLabels[node.verdict]}</span>
      </h3>
      <p>{nodeSentence(node)}</p>
      {after !== null && after.error !== null && <div className="step-error">On the draft: {after.error.message}</div>}
      {before !== null && before.error !== null && <div className="step-error">Before: {before.error.message}</div>}
      {notSent !== null && (
        <div className="info-box">
          <strong>Not sent in this try.</strong>{' '}
          {notSent.reusedPastOutput
            ? 'It passes on the answer it got when the event arrived, so the steps after it see real data.'
            : 'There was no earlier answer to reuse, so it passes its input on.'}
          <JsonView label="What it would send" value={notSent.wouldSend} open={false} />
        </div>
      )}
      <ChangesTable title="What changed in its output" changes={node.outputChanges} />
      {notSent !== null && <ChangesTable title="What changed in what reaches it" changes={node.inputChanges} />}
      {node.changesTruncated && <p className="muted small">Only the first changes are listed.</p>}
      {before !== null && <JsonView label="Output before" value={before.output} open={false} />}
      {after !== null && <JsonView label="Output on the draft" value={after.output} open={false} />}
    </section>
  );
}

function ChangesTable({ title, changes }: { title: string; changes: JsonChange[] }) {
  if (changes.length === 0) return null;
  return (
    <div className="try-changes">
      <h4>{title}</h4>
      <table className="try-diff" data-testid="try-diff">
        <thead>
          <tr>
            <th>Field</th>
            <th>Before</th>
            <th>On the draft</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change) => (
            <tr key={change.path}>
              <td>
                <code>{change.path}</code>
              </td>
              <td className={change.kind === 'added' ? 'diff-absent' : 'diff-before'}>{change.kind === 'added' ? 'not there' : <Value value={change.before} />}</td>
              <td className={change.kind === 'removed' ? 'diff-absent' : 'diff-after'}>{change.kind === 'removed' ? 'not there' : <Value value={change.after} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const SHOWN_LENGTH = 160;

function Value({ value }: { value: Json }) {
  const text = JSON.stringify(value);
  return <code title={text.length > SHOWN_LENGTH ? text : undefined}>{text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH)}…` : text}</code>;
}
