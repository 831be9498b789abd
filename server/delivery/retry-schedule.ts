/** How far a retry delay may move either way, so endpoints recovering together are not stampeded. */
const JITTER = 0.1;
/** The longest Retry-After honoured; a server asking for more gets the schedule instead. */
const MAX_RETRY_AFTER_SECONDS = 24 * 60 * 60;

/**
 * Seconds to wait before the next attempt, or undefined when the schedule is used up.
 * `attemptsMade` counts attempts in this run, the one just made included. A Retry-After from the
 * receiver is honoured as a lower bound: the next attempt comes no sooner than it asks.
 */
export function nextRetryDelay(options: {
  schedule: readonly number[];
  attemptsMade: number;
  retryAfterSeconds: number | undefined;
  random: () => number;
}): number | undefined {
  const scheduled = options.schedule[options.attemptsMade - 1];
  if (scheduled === undefined) return undefined;
  const jittered = scheduled * (1 + JITTER * (2 * options.random() - 1));
  const asked = options.retryAfterSeconds === undefined ? 0 : Math.min(options.retryAfterSeconds, MAX_RETRY_AFTER_SECONDS);
  return Math.max(jittered, asked);
}

/** Retry-After as seconds from `now`: either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, (at - now.getTime()) / 1000);
}
