import type { Json, PendingWait, StepRecord } from '../api/types.ts';
import { useEditor } from '../store/editor-state.ts';
import { ItemPicker, useChosenRecord } from './item-picker.tsx';
import { JsonView } from './json-view.tsx';
import { pinOutput, unpinOutput } from './pinned-outputs.ts';
import { StepRecordView } from './step-record-view.tsx';
import { itemCount, itemCountText, overallStatus } from './step-records.ts';
import { waitText } from './wait-text.ts';

/** What the selected step did in the run painted on the canvas (status, error, input, output, per item in a loop), and its pinned output. */
export function StepResult({ nodeId }: { nodeId: string }) {
  const records = useEditor((state) => state.steps[nodeId]);
  const painted = useEditor((state) => state.painted);
  const pinned = useEditor((state) => state.pinned[nodeId]);
  const pinnedSection = pinned === undefined ? null : <PinnedOutput nodeId={nodeId} output={pinned} />;
  if (painted === null) return pinnedSection;
  const waits = painted.waits.filter((wait) => wait.nodeId === nodeId);
  if (records === undefined) {
    return (
      <>
        <section className="step-result" data-testid="step-result">
          <h3>In {painted.label}</h3>
          {waits.length === 0 ? <p className="muted">This step did not run.</p> : <WaitNote waits={waits} />}
        </section>
        {pinnedSection}
      </>
    );
  }
  return (
    <>
      <section className="step-result" data-testid="step-result">
        <RanRecords nodeId={nodeId} records={records} label={painted.label} pinned={pinned} />
        {waits.length > 0 && <WaitNote waits={waits} />}
      </section>
      {pinnedSection}
    </>
  );
}

function RanRecords({ nodeId, records, label, pinned }: { nodeId: string; records: StepRecord[]; label: string; pinned: Json | undefined }) {
  const [record, choose] = useChosenRecord(records);
  const count = itemCount(records);
  if (record === undefined) return null;
  const samePinned = pinned !== undefined && JSON.stringify(pinned) === JSON.stringify(record.output);
  return (
    <>
      <h3>
        In {label}: <span className={`status-badge status-${overallStatus(records)}`}>{overallStatus(records)}</span>
        <span className="muted small"> {count === null ? `${record.durationMs} ms` : `ran for ${itemCountText(count)}`}</span>
      </h3>
      {count !== null && <ItemPicker id={`item-${nodeId}`} records={records} chosen={record} onChoose={choose} />}
      {count !== null && (
        <p className="muted small" data-testid="step-item-status">
          Item {record.item}: <span className={`status-badge status-${record.status}`}>{record.status}</span> {record.durationMs} ms
        </p>
      )}
      <StepRecordView record={record} testIds />
      {record.status === 'succeeded' && !samePinned && (
        <button
          type="button"
          className="small-button"
          title="Keep this output as the sample data the steps after this one are edited against"
          onClick={() => pinOutput(nodeId, record.output)}
        >
          {pinned === undefined ? 'Pin output' : 'Pin this output instead'}
        </button>
      )}
    </>
  );
}

function WaitNote({ waits }: { waits: PendingWait[] }) {
  return (
    <ul className="wait-note" data-testid="step-waiting">
      {waits.map((wait) => (
        <li key={wait.item ?? -1}>
          {wait.item === undefined ? '' : `Item ${wait.item}: `}
          {waitText(wait)}
        </li>
      ))}
    </ul>
  );
}

function PinnedOutput({ nodeId, output }: { nodeId: string; output: Json }) {
  return (
    <section className="pinned-output" data-testid="pinned-output">
      <h3>
        <span className="pin-badge">Pinned</span> Sample output
      </h3>
      <p className="muted small">
        The steps after this one use it as their sample data (<code>$</code> and <code>$nodes.{nodeId}</code>). Test runs still run this step. Kept in this
        browser only.
      </p>
      <JsonView label="Pinned output" value={output} testId="pinned-output-value" open={false} />
      <button type="button" className="small-button" onClick={() => unpinOutput(nodeId)}>
        Unpin output
      </button>
    </section>
  );
}
