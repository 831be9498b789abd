import { useEffect, useMemo, useState } from 'react';
import { describeError } from '../api/client.ts';
import type { ExecutionSummary, TryDraftResult } from '../api/types.ts';
import { catalogKey, useEditor } from '../store/editor-state.ts';
import { Dialog } from '../ui/dialog.tsx';
import { PastEventsList } from './past-events-list.tsx';
import { pastLiveEvents, tryDraftOn } from './try-draft-actions.ts';
import { TryResults } from './try-results.tsx';

type Phase = { kind: 'pick'; refusal: string | null } | { kind: 'running' } | { kind: 'results'; result: TryDraftResult };

/**
 * "Try draft on past events": pick events the live flow received, run the draft on them without
 * sending anything (unless allowed), and see step by step what would come out differently.
 */
export function TryDraftDialog({ onClose }: { onClose(): void }) {
  const flowId = useEditor((state) => state.flowId);
  const dirty = useEditor((state) => state.dirty);
  const [events, setEvents] = useState<ExecutionSummary[] | string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allowSideEffects, setAllowSideEffects] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: 'pick', refusal: null });
  useEffect(() => {
    if (flowId === null) return;
    pastLiveEvents(flowId).then(setEvents, (error: unknown) => setEvents(describeError(error)));
  }, [flowId]);
  const run = async () => {
    setPhase({ kind: 'running' });
    const outcome = await tryDraftOn([...selected], allowSideEffects);
    setPhase(outcome.kind === 'done' ? { kind: 'results', result: outcome.result } : { kind: 'pick', refusal: outcome.message });
  };
  return (
    <Dialog title="Try your draft on past events" onClose={onClose}>
      <div className="try-draft" data-testid="try-draft-dialog">
        {phase.kind === 'results' ? (
          <>
            <TryResults result={phase.result} />
            <div className="button-row">
              <button type="button" onClick={() => void run()}>
                Try again
              </button>
              <button type="button" onClick={() => setPhase({ kind: 'pick', refusal: null })}>
                Pick other events
              </button>
              <button type="button" className="primary-button" onClick={onClose}>
                Close
              </button>
            </div>
          </>
        ) : (
          <>
            <p className="muted">
              Pick events your live flow already received. Weft runs your current draft on them, records no execution, and shows step by step what would come out
              differently. {dirty && 'Your unsaved changes are saved first.'}
            </p>
            <EventsToPick events={events} selected={selected} onChange={setSelected} />
            <SideEffectsChoice allow={allowSideEffects} onChange={setAllowSideEffects} />
            {phase.kind === 'pick' && phase.refusal !== null && (
              <div className="step-error" role="alert">
                {phase.refusal}
              </div>
            )}
            <div className="button-row">
              <button type="button" className="primary-button" disabled={selected.size === 0 || phase.kind === 'running'} onClick={() => void run()}>
                {phase.kind === 'running' ? `Trying ${selected.size} event${selected.size === 1 ? '' : 's'}…` : 'Try draft'}
              </button>
              <button type="button" onClick={onClose}>
                Cancel
              </button>
            </div>
          </>
        )}
      </div>
    </Dialog>
  );
}

function EventsToPick({ events, selected, onChange }: { events: ExecutionSummary[] | string | null; selected: Set<string>; onChange(selected: Set<string>): void }) {
  if (events === null) return <p className="muted">Loading past events…</p>;
  if (typeof events === 'string') return <div className="step-error">Could not load past events: {events}</div>;
  if (events.length === 0) {
    return (
      <div className="empty-state">
        <p>No past events yet. Publish the flow and let it receive events; then you can try changes on them here before you publish them.</p>
      </div>
    );
  }
  return <PastEventsList events={events} selected={selected} onChange={onChange} />;
}

/** Which steps would reach outside, and the choice to let them, with what that means spelled out. */
function SideEffectsChoice({ allow, onChange }: { allow: boolean; onChange(allow: boolean): void }) {
  const nodes = useEditor((state) => state.nodes);
  const catalog = useEditor((state) => state.catalog);
  const reaching = useMemo(
    () =>
      nodes.flatMap((node) => {
        const entry = catalog.get(catalogKey(node.data.type, node.data.typeVersion));
        return entry?.sideEffects === true ? [`${node.data.name ?? node.id} (${entry.displayName})`] : [];
      }),
    [nodes, catalog],
  );
  if (reaching.length === 0) return <p className="muted small">No step of this flow sends anything outside, so trying it is always safe.</p>;
  return (
    <div className={allow ? 'try-side-effects is-allowed' : 'try-side-effects'}>
      <p>
        Steps that reach outside: <strong>{reaching.join(', ')}</strong>. In a try they are <strong>not sent</strong>: you see what they would send, and the answer
        they got when the event arrived is passed on.
      </p>
      <label className="checkbox">
        <input type="checkbox" checked={allow} onChange={(event) => onChange(event.target.checked)} />
        Really send them (allow side effects)
      </label>
      {allow && (
        <p className="try-side-effects-warning" role="alert">
          These steps will really call services and notify subscribers, once for every event you picked — as if the events arrived again. Only do this when the
          receivers can take repeated calls.
        </p>
      )}
    </div>
  );
}
