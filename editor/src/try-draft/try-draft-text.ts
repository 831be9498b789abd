import type { TriedExecution, TriedNode, TriedStep, TryVerdict } from '../api/types.ts';

/** The badge on each step: short words a non-developer reads at a glance. */
export const verdictLabels: Record<TryVerdict, string> = {
  unchanged: 'Unchanged',
  changed: 'Changed',
  added: 'New',
  removed: 'Removed',
  failed: 'Failed',
  notReached: 'Not reached',
};

/** One sentence saying what happened to a step on the draft, compared with the past event. */
export function nodeSentence(node: TriedNode): string {
  const { before, after } = node;
  switch (node.verdict) {
    case 'removed':
      return 'This step is not in the draft any more.';
    case 'notReached':
      return 'Not reached: the draft stopped at an earlier step.';
    case 'failed':
      return `Fails on the draft: ${after?.error?.message ?? 'the step failed'}${before?.status === 'failed' ? ' (it failed for this event before, too)' : ''}.`;
    case 'added':
      return `New in the draft; for this event it ${didWhat(after)}.`;
    case 'unchanged':
      return node.notSent === null ? 'Same result as before.' : 'Not sent: it would send the same as before, so it passes on the answer it got then.';
    case 'changed':
      return changedSentence(node);
  }
}

function changedSentence(node: TriedNode): string {
  const { before, after } = node;
  if (before === null) return `It did not run for this event before; on the draft it ${didWhat(after)}.`;
  if (after !== null && before.status !== after.status) return `Before, it ${didWhat(before)}; on the draft it ${didWhat(after)}.`;
  const parts: string[] = [];
  if (after !== null && !samePorts(before.ports, after.ports)) parts.push(`it now goes on through “${after.ports.join(', ') || 'no branch'}” instead of “${before.ports.join(', ') || 'no branch'}”`);
  if (node.outputChanges.length > 0) parts.push(`its output changed in ${places(node.outputChanges.length, node.changesTruncated)}`);
  if (node.notSent !== null) {
    if (node.inputChanges.length > 0) parts.push(`what reaches it changed in ${places(node.inputChanges.length, node.changesTruncated)}`);
    if (node.settingsChanged) parts.push('its settings changed');
    return `Not sent, but what it would send differs: ${parts.join('; ')}.`;
  }
  return `${capitalised(parts.join('; ') || 'its result changed')}.`;
}

/** A line under each event: how the draft fared on it. */
export function executionSentence(execution: TriedExecution): string {
  if (execution.status === 'not_run') return `Not tried: ${execution.error?.message ?? 'the try could not run this event'}.`;
  const counts = execution.counts;
  const changed = counts.changed + counts.added + counts.removed;
  const outcome =
    execution.status === 'failed'
      ? `The draft fails at “${execution.error?.nodeId ?? '?'}”`
      : execution.status === 'waiting'
        ? `The draft stops early: ${execution.error?.message ?? 'a step waits'}`
        : 'The draft finishes';
  const difference = changed === 0 && counts.failed === 0 ? 'every step as before' : `${changed} step${changed === 1 ? '' : 's'} differ${changed === 1 ? 's' : ''}`;
  return `${outcome}; ${difference}${execution.pastStatus === 'failed' ? ' (this event failed when it arrived)' : ''}.`;
}

function didWhat(step: TriedStep | null): string {
  if (step === null) return 'did not run';
  if (step.status === 'skipped') return 'was skipped (its branch was not taken)';
  return step.status;
}

function places(count: number, truncated: boolean): string {
  return `${truncated ? 'more than ' : ''}${count} place${count === 1 ? '' : 's'}`;
}

function samePorts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((port, index) => port === b[index]);
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
