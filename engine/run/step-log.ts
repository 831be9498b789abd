import type { Clock } from '../ports.ts';
import type { StepLog, StepLogEntry } from '../node-contract.ts';

const MAX_ENTRIES = 200;
const MAX_MESSAGE_LENGTH = 2_000;

/** The log a node writes to; it ends up in the step record, bounded so a chatty node cannot bloat it. */
export function createStepLog(clock: Clock): { log: StepLog; entries: StepLogEntry[] } {
  const entries: StepLogEntry[] = [];
  const write = (level: StepLogEntry['level']) => (message: string) => {
    if (entries.length >= MAX_ENTRIES) return;
    const text = message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH)}…` : message;
    entries.push({ at: clock.now().toISOString(), level, message: text });
  };
  return { log: { info: write('info'), warn: write('warn'), error: write('error') }, entries };
}
