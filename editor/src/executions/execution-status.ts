import type { ExecutionStatus } from '../api/types.ts';

/**
 * Finished, or suspended in the database until later (a delay, another flow, a delivery): either
 * way a page waiting on the execution has all there is to show for now.
 */
export function isSettled(status: ExecutionStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'waiting';
}
