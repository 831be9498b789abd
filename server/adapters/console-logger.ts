import type { Logger, LogLevel } from '@weft/engine';

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Operator log as JSON lines on stdout, in the same spirit as Fastify's request log. */
export function createConsoleLogger(level: LogLevel | 'silent'): Logger {
  if (level === 'silent') return { log: () => {} };
  const threshold = order[level];
  return {
    log(entryLevel, message, fields) {
      if (order[entryLevel] < threshold) return;
      process.stdout.write(`${JSON.stringify({ level: entryLevel, time: Date.now(), msg: message, ...fields })}\n`);
    },
  };
}
