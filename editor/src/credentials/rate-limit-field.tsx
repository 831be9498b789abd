import type { RateLimitDraft } from './rate-limit.ts';

/**
 * "At most N requests per S seconds" for every step calling with one credential, off by default.
 * `problem` is what is wrong with the typed numbers, shown under them.
 */
export function RateLimitField({ draft, problem, onChange }: { draft: RateLimitDraft; problem: string | null; onChange(draft: RateLimitDraft): void }) {
  return (
    <fieldset className="rate-limit" data-testid="rate-limit">
      <legend>Rate limit</legend>
      <label className="checkbox">
        <input type="checkbox" checked={draft.on} onChange={(event) => onChange({ ...draft, on: event.target.checked })} />
        Limit how often steps call with this credential
      </label>
      {draft.on && (
        <div className="rate-limit-row">
          <span>At most</span>
          <input
            type="number"
            min={1}
            step={1}
            aria-label="Requests"
            placeholder="100"
            value={draft.requests}
            onChange={(event) => onChange({ ...draft, requests: event.target.value })}
          />
          <span>requests per</span>
          <input
            type="number"
            min={1}
            step={1}
            aria-label="Seconds"
            placeholder="60"
            value={draft.perSeconds}
            onChange={(event) => onChange({ ...draft, perSeconds: event.target.value })}
          />
          <span>seconds</span>
        </div>
      )}
      {draft.on && problem !== null && <div className="field-error">⚠ {problem}</div>}
      <div className="field-help">
        Match the service's own limit (e.g. 2 requests per 1 second). Calls over it wait their turn, across all flows and workers, instead of failing.
      </div>
    </fieldset>
  );
}
