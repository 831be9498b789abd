import type { RateLimit } from '../api/types.ts';

// The bounds Weft accepts (server/credentials/rate-limit-setting.ts), checked here to say so while typing.
const MAX_REQUESTS = 10_000;
const MAX_SECONDS = 86_400;

/** The rate limit part of a credential form, as typed: numbers stay text until they are whole. */
export interface RateLimitDraft {
  on: boolean;
  requests: string;
  perSeconds: string;
}

export function draftOfRateLimit(limit: RateLimit | null): RateLimitDraft {
  return limit === null ? { on: false, requests: '', perSeconds: '' } : { on: true, requests: String(limit.requests), perSeconds: String(limit.perSeconds) };
}

/** What the form sends: the limit, none, or why the typed numbers will not do. */
export function rateLimitOfDraft(draft: RateLimitDraft): { limit: RateLimit | null } | { problem: string } {
  if (!draft.on) return { limit: null };
  const requests = wholeNumber(draft.requests);
  const perSeconds = wholeNumber(draft.perSeconds);
  if (requests === null || requests < 1 || requests > MAX_REQUESTS) return { problem: `Requests must be a whole number from 1 to ${MAX_REQUESTS.toLocaleString('en')}.` };
  if (perSeconds === null || perSeconds < 1 || perSeconds > MAX_SECONDS) {
    return { problem: `Seconds must be a whole number from 1 to ${MAX_SECONDS.toLocaleString('en')} (a day).` };
  }
  return { limit: { requests, perSeconds } };
}

function wholeNumber(text: string): number | null {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : null;
}

/** "at most 2 requests per second", "at most 100 requests per 60 seconds". */
export function rateLimitText(limit: RateLimit): string {
  const requests = `${limit.requests} ${limit.requests === 1 ? 'request' : 'requests'}`;
  return `at most ${requests} per ${limit.perSeconds === 1 ? 'second' : `${limit.perSeconds} seconds`}`;
}
