import type { ExecutionDetails, StepRecord } from '../api/types.ts';
import { ItemPicker, useChosenRecord } from '../run/item-picker.tsx';
import { JsonView } from '../run/json-view.tsx';
import { StepRecordView } from '../run/step-record-view.tsx';
import { itemCount, itemCountText, overallStatus, recordsByNode } from '../run/step-records.ts';
import { waitingSummary } from '../run/wait-text.ts';
import { editorStore, showNotice } from '../store/editor-state.ts';
import { formatDuration } from '../ui/format.ts';

interface ExecutionStepsProps {
  execution: ExecutionDetails;
  onReplay(from: 'start' | 'failed'): void;
}

/** An opened execution: what it waits for, replay buttons, its event, and each step (per item in a loop). */
export function ExecutionSteps({ execution, onReplay }: ExecutionStepsProps) {
  const finished = execution.status === 'succeeded' || execution.status === 'failed';
  const waiting = execution.status === 'waiting' ? waitingSummary(execution.waits) : null;
  const byNode = Object.entries(recordsByNode(execution.steps));
  return (
    <section className="execution-steps" data-testid="execution-steps">
      <h3>Steps of this execution</h3>
      {waiting !== null && (
        <div className="wait-note" data-testid="execution-waiting">
          This execution is {waiting}. It goes on by itself; nothing holds a worker meanwhile.
        </div>
      )}
      {execution.error !== null && <div className="step-error">{execution.error.message}</div>}
      {finished && (
        <div className="button-row replay-actions">
          <button type="button" className="small-button" title="Run this event again through the version this execution ran" onClick={() => onReplay('start')}>
            Replay
          </button>
          {execution.status === 'failed' && (
            <button type="button" className="small-button" title="Keep the steps that succeeded and run on from the one that failed" onClick={() => onReplay('failed')}>
              Retry from failed step
            </button>
          )}
        </div>
      )}
      <JsonView label="Event" value={execution.payload} open={false} />
      <button type="button" className="small-button" onClick={() => adoptAsTestEvent(execution)}>
        Use this event for test runs
      </button>
      {byNode.map(([nodeId, records]) => (
        <NodeRecords key={nodeId} nodeId={nodeId} records={records} />
      ))}
    </section>
  );
}

function NodeRecords({ nodeId, records }: { nodeId: string; records: StepRecord[] }) {
  const [record, choose] = useChosenRecord(records);
  const count = itemCount(records);
  const status = overallStatus(records);
  if (record === undefined) return null;
  return (
    <details className="execution-step" data-testid={`execution-step-${nodeId}`}>
      <summary>
        <span className={`status-badge status-${status}`}>{status}</span> {nodeId}{' '}
        <span className="muted small">{count === null ? formatDuration(record.durationMs) : itemCountText(count)}</span>
      </summary>
      {count !== null && <ItemPicker id={`execution-item-${nodeId}`} records={records} chosen={record} onChoose={choose} />}
      <StepRecordView record={record} />
    </details>
  );
}

function adoptAsTestEvent(execution: ExecutionDetails): void {
  editorStore.set({ testPayload: JSON.stringify(execution.payload, null, 2) });
  showNotice({ kind: 'info', text: 'This event is now in the Test run tab: run the draft against it there.' });
}
