import { useCallback, useEffect, useState } from 'react';
import { describeError } from '../api/client.ts';
import type { ExecutionDetails, ExecutionStatus, ExecutionSummary } from '../api/types.ts';
import { weftApi } from '../api/weft-api.ts';
import { waitingSummary } from '../run/wait-text.ts';
import { showNotice, useEditor } from '../store/editor-state.ts';
import { paintExecution } from '../store/run-actions.ts';
import { formatDuration, formatTime } from '../ui/format.ts';
import { isSettled } from './execution-status.ts';
import { ExecutionSteps } from './execution-steps.tsx';

/** The flow's executions, newest first; opening one paints its steps on the canvas. */
export function ExecutionsPanel() {
  const flowId = useEditor((state) => state.flowId);
  const painted = useEditor((state) => state.painted);
  const [items, setItems] = useState<ExecutionSummary[] | null>(null);
  const [opened, setOpened] = useState<ExecutionDetails | null>(null);
  const [status, setStatus] = useState<ExecutionStatus | null>(null);
  const refresh = useCallback(() => {
    if (flowId === null) return;
    weftApi.listExecutions(flowId, status).then(setItems, (error: unknown) => showNotice({ kind: 'error', text: describeError(error) }));
  }, [flowId, status]);
  useEffect(refresh, [refresh]);
  const open = async (summary: ExecutionSummary) => {
    try {
      const execution = await weftApi.getExecution(summary.id);
      setOpened(execution);
      paintExecution(execution, `the execution of ${formatTime(execution.createdAt)}`);
    } catch (error) {
      showNotice({ kind: 'error', text: describeError(error) });
    }
  };
  const replay = async (execution: ExecutionDetails, from: 'start' | 'failed') => {
    try {
      const replayed = await replayAndWait(execution.id, from);
      setOpened(replayed);
      paintExecution(replayed, `the replay of ${formatTime(execution.createdAt)}`);
      refresh();
      showNotice({ kind: replayed.status === 'failed' ? 'error' : 'success', text: `The replay ${replayed.status}.` });
    } catch (error) {
      showNotice({ kind: 'error', text: describeError(error) });
    }
  };
  return (
    <div className="executions" data-testid="executions-panel">
      <div className="panel-title-row">
        <h2>Executions</h2>
        <select aria-label="Show executions" className="status-filter" value={status ?? 'all'} onChange={(event) => setStatus(statusOf(event.target.value))}>
          <option value="all">All</option>
          <option value="failed">Failed</option>
          <option value="succeeded">Succeeded</option>
          <option value="waiting">Waiting</option>
          <option value="running">Running</option>
          <option value="queued">Queued</option>
        </select>
        <button type="button" className="small-button" onClick={refresh}>
          Refresh
        </button>
      </div>
      {items === null && <p className="muted">Loading…</p>}
      {items?.length === 0 && (
        <p className="muted">{status === null ? 'No executions yet. Run a test, or publish the flow and send it an event.' : `No ${status} executions.`}</p>
      )}
      {items !== null && items.length > 0 && (
        <table className="execution-table">
          <thead>
            <tr>
              <th>Status</th>
              <th>Started</th>
              <th>Took</th>
              <th>How</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr
                key={item.id}
                className={painted?.executionId === item.id ? 'is-open' : ''}
                data-testid="execution-row"
                tabIndex={0}
                onClick={() => void open(item)}
                onKeyDown={(event) => event.key === 'Enter' && void open(item)}
              >
                <td>
                  <span className={`status-badge status-${item.status}`}>{item.status}</span>
                  {item.status === 'waiting' && (
                    <div className="muted small" data-testid="execution-row-waiting">
                      {waitingSummary(item.waits)}
                    </div>
                  )}
                </td>
                <td>{formatTime(item.createdAt)}</td>
                <td>{formatDuration(item.durationMs)}</td>
                <td>{howText(item)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {opened !== null && painted?.executionId === opened.id && <ExecutionSteps execution={opened} onReplay={(from) => void replay(opened, from)} />}
    </div>
  );
}

function howText(item: ExecutionSummary): string {
  const how = item.mode === 'manual' ? (item.flowVersion === null ? 'test run' : 'manual') : `webhook · v${item.flowVersion ?? '?'}`;
  return item.replayOf === undefined || item.replayOf === null ? how : `${how} · replay`;
}

const REPLAY_POLL_MS = 300;
const REPLAY_WAIT_MS = 60_000;

/** Replays are queued; this waits for the new execution to finish so it can be painted whole. */
async function replayAndWait(executionId: string, from: 'start' | 'failed'): Promise<ExecutionDetails> {
  const { executionId: replayId } = await weftApi.replayExecution(executionId, from);
  const deadline = Date.now() + REPLAY_WAIT_MS;
  for (;;) {
    const execution = await weftApi.getExecution(replayId);
    if (isSettled(execution.status) || Date.now() > deadline) return execution;
    await new Promise((resolve) => setTimeout(resolve, REPLAY_POLL_MS));
  }
}

const statuses: ExecutionStatus[] = ['queued', 'running', 'waiting', 'succeeded', 'failed'];

function statusOf(value: string): ExecutionStatus | null {
  return statuses.find((status) => status === value) ?? null;
}
