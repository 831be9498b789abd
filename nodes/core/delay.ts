import { NodeRunError } from '@weft/engine';
import { z } from 'zod';
import { defineNode, expressionField } from '../sdk/index.ts';

const unitMs = { seconds: 1_000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;
const MAX_DELAY_MS = 366 * unitMs.days;

export const delayParams = z
  .strictObject({
    mode: z.enum(['for', 'until']).default('for').meta({ title: 'Wait', description: 'For a duration, or until a point in time.' }),
    amount: expressionField(z.number().min(0).optional(), 'How long to wait, in the unit below (mode "for").').meta({ title: 'Duration' }),
    unit: z.enum(['seconds', 'minutes', 'hours', 'days']).default('minutes').meta({ title: 'Unit' }),
    until: expressionField(
      z.string().optional(),
      'When to go on (mode "until"): an ISO 8601 time with its offset, e.g. 2026-12-24T09:00:00+01:00, or =$.body.sendAt.',
    ).meta({ title: 'Until' }),
  })
  .refine((params) => (params.mode === 'for' ? params.amount !== undefined : params.until !== undefined), {
    message: 'set a duration (amount) to wait for, or a time (until) to wait until',
  });

export const delayNode = defineNode({
  type: 'core.delay',
  typeVersion: 1,
  displayName: 'Delay',
  description:
    'Waits for a duration or until a time, then passes its input on unchanged. Long waits are kept in the database, not in a sleeping worker: they survive restarts and hold nothing while they wait.',
  category: 'Flow',
  icon: 'hourglass',
  params: delayParams,
  run: async ({ params, input, clock, resumed }) => {
    if (resumed !== undefined) return { output: input };
    const now = clock.now();
    const until = params.mode === 'for' ? new Date(now.getTime() + (params.amount ?? 0) * unitMs[params.unit]) : parseTime(params.until ?? '');
    if (until.getTime() - now.getTime() > MAX_DELAY_MS) throw new NodeRunError('delay_too_long', 'a delay may last at most 366 days');
    if (until <= now) return { output: input };
    return { wait: { until } };
  },
});

function parseTime(text: string): Date {
  // Date.parse alone accepts forms like "12/24/2026" whose meaning depends on the locale.
  const isoLike = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text);
  const time = isoLike ? new Date(text) : new Date(Number.NaN);
  if (Number.isNaN(time.getTime())) throw new NodeRunError('invalid_time', `"${text}" is not an ISO 8601 time such as 2026-12-24T09:00:00Z`);
  return time;
}
