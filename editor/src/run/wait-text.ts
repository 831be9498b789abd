import type { PendingWait } from '../api/types.ts';
import { formatTime } from '../ui/format.ts';

// The signals Weft's own waiting nodes name (server/workers/settle-execution.ts, server/delivery/delivery-outcome.ts).
const OTHER_FLOW_SIGNAL = 'execution:';
const DELIVERY_SIGNAL = 'delivery:';

/** What one step waits for, as a person would say it: "waiting until …", "waiting for another flow", … */
export function waitText(wait: PendingWait, timeText: (iso: string) => string = formatTime): string {
  const signal = wait.node?.signal;
  if (signal?.startsWith(OTHER_FLOW_SIGNAL)) return 'waiting for another flow';
  if (signal?.startsWith(DELIVERY_SIGNAL)) return 'waiting for a delivery';
  if (signal !== undefined) return 'waiting for a signal';
  if (wait.resumeAt === null) return 'waiting';
  const until = timeText(wait.resumeAt);
  if (wait.turnTaken === true) return `waiting its turn under the credential's rate limit, until ${until}`;
  // A wait the node did not ask for is a retry after a failed attempt.
  if (wait.node === undefined) return `waiting to retry (attempt ${wait.attempts + 1}) at ${until}`;
  return `waiting until ${until}`;
}

/** The whole execution's wait in one phrase ("waiting until … (at hold)"): the step that goes on first, and how many others wait too. */
export function waitingSummary(waits: readonly PendingWait[], timeText: (iso: string) => string = formatTime): string | null {
  const first = [...waits].sort(byResumeTime)[0];
  if (first === undefined) return null;
  const where = first.item === undefined ? first.nodeId : `${first.nodeId}, item ${first.item}`;
  const others = waits.length - 1;
  return `${waitText(first, timeText)} (at ${where}${others === 0 ? '' : `; ${others} more waiting`})`;
}

/** Steps that wake at a time come before those waiting only for a signal, earliest first. */
function byResumeTime(a: PendingWait, b: PendingWait): number {
  if (a.resumeAt === null || b.resumeAt === null) return (a.resumeAt === null ? 1 : 0) - (b.resumeAt === null ? 1 : 0);
  return Date.parse(a.resumeAt) - Date.parse(b.resumeAt);
}
