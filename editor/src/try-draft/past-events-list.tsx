import type { ExecutionSummary } from '../api/types.ts';
import { formatTime } from '../ui/format.ts';
import { MAX_TRIED_EVENTS } from './try-draft-actions.ts';

interface PastEventsListProps {
  events: ExecutionSummary[];
  selected: ReadonlySet<string>;
  onChange(selected: Set<string>): void;
}

/** The events the live flow received, each with a checkbox; at most MAX_TRIED_EVENTS can be picked. */
export function PastEventsList({ events, selected, onChange }: PastEventsListProps) {
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    onChange(next);
  };
  const full = selected.size >= MAX_TRIED_EVENTS;
  const allPicked = events.length > 0 && events.slice(0, MAX_TRIED_EVENTS).every((event) => selected.has(event.id));
  return (
    <div className="try-events">
      <div className="try-events-head">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={allPicked}
            onChange={(event) => onChange(new Set(event.target.checked ? events.slice(0, MAX_TRIED_EVENTS).map((item) => item.id) : []))}
          />
          {events.length > MAX_TRIED_EVENTS ? `Pick the latest ${MAX_TRIED_EVENTS}` : 'Pick all'}
        </label>
        <span className="muted small" data-testid="try-selected-count">
          {selected.size} of at most {MAX_TRIED_EVENTS} picked
        </span>
      </div>
      <div className="try-event-scroll">
        <table className="execution-table try-event-table">
          <thead>
            <tr>
              <th aria-label="Picked" />
              <th>Received</th>
              <th>Version</th>
              <th>Result then</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => {
              const checked = selected.has(event.id);
              return (
                <tr key={event.id} data-testid="try-event-row" className={checked ? 'is-open' : ''} onClick={() => (checked || !full) && toggle(event.id, !checked)}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Pick the event of ${formatTime(event.createdAt)}`}
                      checked={checked}
                      disabled={!checked && full}
                      onClick={(click) => click.stopPropagation()}
                      onChange={(change) => toggle(event.id, change.target.checked)}
                    />
                  </td>
                  <td>{formatTime(event.createdAt)}</td>
                  <td>v{event.flowVersion ?? '?'}</td>
                  <td>
                    <span className={`status-badge status-${event.status}`}>{event.status}</span>
                    {event.error !== null && <span className="muted small"> at {event.error.nodeId ?? '?'}</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
