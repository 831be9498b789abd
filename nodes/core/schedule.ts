import { z } from 'zod';
import { defineNode } from '../sdk/index.ts';

// Five fields (minute hour day-of-month month day-of-week); the scheduler checks the expression
// itself when the flow is published.
const cronSchema = z
  .string()
  .trim()
  .regex(/^(\S+\s+){4}\S+$/, 'must be a cron expression with five fields, e.g. "0 9 * * 1-5"');

const timezoneSchema = z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris or UTC');

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const scheduleParams = z.strictObject({
  cron: cronSchema.meta({ title: 'When (cron)', description: 'minute hour day month weekday, e.g. "*/15 * * * *" every 15 minutes' }),
  timezone: timezoneSchema.default('UTC').meta({ title: 'Time zone', description: 'IANA name, e.g. America/New_York' }),
});

export type ScheduleParams = z.infer<typeof scheduleParams>;

export const scheduleNode = defineNode({
  type: 'core.schedule',
  typeVersion: 1,
  displayName: 'Schedule',
  description:
    'Starts the flow on a cron schedule in a time zone while the flow is published; once per tick however many workers run. Its output is { firedAt, cron, timezone }.',
  category: 'Triggers',
  icon: 'clock',
  trigger: true,
  params: scheduleParams,
  sample: { firedAt: '2026-01-05T09:00:00.000Z', cron: '0 9 * * 1-5', timezone: 'Europe/Paris' },
  run: async ({ input }) => ({ output: input }),
});
