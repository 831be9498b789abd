import { parseRetryAfter } from './retry-schedule.ts';
import type { WebhookResult } from './send-webhook.ts';

export interface AttemptOutcome {
  delivered: boolean;
  error: string | null;
  disableReason: string | undefined;
  retryAfterSeconds: number | undefined;
}

/** 2xx delivers; anything else fails the attempt. Redirects are not followed: a 3xx is a failure too. */
export function judgeAttempt(result: WebhookResult, now: Date): AttemptOutcome {
  if (result.kind === 'error') return { delivered: false, error: `${result.code}: ${result.message}`, disableReason: undefined, retryAfterSeconds: undefined };
  const { status } = result;
  if (status >= 200 && status < 300) return { delivered: true, error: null, disableReason: undefined, retryAfterSeconds: undefined };
  const retryAfterSeconds = status === 429 || status === 503 ? parseRetryAfter(result.headers['retry-after'], now) : undefined;
  const error = status >= 300 && status < 400 ? `redirect ${status} to ${result.headers.location ?? '(no location)'} not followed` : `answered ${status}`;
  const disableReason = status === 410 ? 'the endpoint answered 410 Gone' : undefined;
  return { delivered: false, error, disableReason, retryAfterSeconds };
}
