import { useState } from 'react';
import type { TriedExecution, TryDraftResult } from '../api/types.ts';
import { formatTime } from '../ui/format.ts';
import { TriedNodeDetail } from './tried-node-detail.tsx';
import { executionSentence, nodeSentence, verdictLabels } from './try-draft-text.ts';

/** The try's answer: one tab per event, its steps with a badge each, and the chosen step's changes. */
export function TryResults({ result }: { result: TryDraftResult }) {
  const [eventId, setEventId] = useState(result.results[0]?.executionId ?? null);
  const execution = result.results.find((item) => item.executionId === eventId) ?? result.results[0];
  return (
    <div className="try-results" data-testid="try-results">
      <p className="muted small">
        {result.allowSideEffects
          ? 'Side effects were allowed: steps that reach outside really ran.'
          : 'Nothing was sent: steps that reach outside were shown, not run. No execution was recorded.'}
      </p>
      {result.results.length > 1 && (
        <div className="try-event-tabs" role="tablist" aria-label="Tried events">
          {result.results.map((item) => (
            <button
              key={item.executionId}
              type="button"
              role="tab"
              aria-selected={item.executionId === execution?.executionId}
              className={item.executionId === execution?.executionId ? 'try-event-tab is-active' : 'try-event-tab'}
              onClick={() => setEventId(item.executionId)}
            >
              {formatTime(item.createdAt)}
              <EventBadge execution={item} />
            </button>
          ))}
        </div>
      )}
      {execution !== undefined && <TriedEvent key={execution.executionId} execution={execution} />}
    </div>
  );
}

function EventBadge({ execution }: { execution: TriedExecution }) {
  const differs = execution.counts.changed + execution.counts.added + execution.counts.removed;
  if (execution.status !== 'succeeded' || execution.counts.failed > 0) return <span className="try-verdict try-verdict-failed">Failed</span>;
  return differs === 0 ? <span className="try-verdict try-verdict-unchanged">Unchanged</span> : <span className="try-verdict try-verdict-changed">{differs} changed</span>;
}

function TriedEvent({ execution }: { execution: TriedExecution }) {
  const firstInteresting = execution.nodes.find((node) => node.verdict !== 'unchanged') ?? execution.nodes[0];
  const [nodeId, setNodeId] = useState(firstInteresting?.nodeId ?? null);
  const selected = execution.nodes.find((node) => node.nodeId === nodeId);
  return (
    <div className="try-event" data-testid="try-event">
      <p className="try-event-summary">
        Event of {formatTime(execution.createdAt)} (v{execution.flowVersion ?? '?'}): {executionSentence(execution)}
      </p>
      <div className="try-event-body">
        <ul className="try-node-list" aria-label="Steps">
          {execution.nodes.map((node) => (
            <li key={node.nodeId}>
              <button
                type="button"
                className={node.nodeId === nodeId ? 'try-node is-active' : 'try-node'}
                data-testid={`try-node-${node.nodeId}`}
                title={nodeSentence(node)}
                onClick={() => setNodeId(node.nodeId)}
              >
                <span className="try-node-name">{node.name ?? node.nodeId}</span>
                {node.notSent !== null && <span className="try-not-sent">not sent</span>}
                <span className={`try-verdict try-verdict-${node.verdict}`} data-testid={`try-verdict-${node.nodeId}`}>
                  {verdictLabels[node.verdict]}
                </span>
              </button>
            </li>
          ))}
        </ul>
        {selected === undefined ? <p className="muted">Pick a step to see what changed.</p> : <TriedNodeDetail node={selected} />}
      </div>
    </div>
  );
}
