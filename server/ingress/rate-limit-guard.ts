import type { AppContext } from '../app-context.ts';
import { recordIngressOutcome } from '../storage/ingress-stats-repo.ts';
import { hitRateLimit, type RateLimit } from '../storage/rate-limit-repo.ts';

export interface RateLimitRefusal {
  retryAfterSeconds: number;
  message: string;
}

/** Counts the request against the flow's limit; when it is over, counts the refusal and says when to retry. */
export async function rateLimitRefusal(context: AppContext, flowId: string, limit: RateLimit): Promise<RateLimitRefusal | undefined> {
  const verdict = await hitRateLimit(context.database, flowId, limit);
  if (verdict.allowed) return undefined;
  await recordIngressOutcome(context.database, flowId, { kind: 'rate_limited' });
  return {
    retryAfterSeconds: verdict.retryAfterSeconds,
    message: `this hook takes at most ${limit.requests} requests per ${limit.perSeconds} s; retry in ${verdict.retryAfterSeconds} s`,
  };
}
