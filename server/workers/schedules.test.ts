import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';

let weft: TestWeft;
beforeAll(async () => {
  weft = await startTestWeft();
});
afterAll(async () => weft?.stop());

const scheduled = (id: string, cron: string, timezone = 'Europe/Paris') => ({
  formatVersion: 1,
  id,
  name: id,
  nodes: [
    { id: 'tick', type: 'core.schedule', typeVersion: 1, params: { cron, timezone } },
    { id: 'note', type: 'core.map', typeVersion: 1, params: { output: { at: '=$.firedAt', zone: '=$.timezone' } } },
  ],
  edges: [{ from: { node: 'tick', port: 'out' }, to: { node: 'note', port: 'in' } }],
});

async function schedules(flowId: string) {
  return (await weft.api(`/api/flows/${flowId}/schedules`)).json();
}

describe('schedule triggers', () => {
  it('registers a published schedule with its next run time, and drops it when unpublished', async () => {
    await weft.api('/api/flows/import', { body: scheduled('weekday-mornings', '0 9 * * 1-5') });
    expect(await schedules('weekday-mornings')).toEqual({ published: false, schedules: [] });
    const published = await (await weft.api('/api/flows/weekday-mornings/publish', { method: 'POST' })).json();
    expect(published.schedules).toEqual([{ nodeId: 'tick', cron: '0 9 * * 1-5', timezone: 'Europe/Paris', nextRunAt: expect.any(String) }]);
    const next = new Date(published.schedules[0].nextRunAt);
    const parisTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', weekday: 'short' }).format(next);
    expect(parisTime).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 09:00$/);
    expect(next.getTime()).toBeGreaterThan(Date.now());

    await weft.api('/api/flows/weekday-mornings/unpublish', { method: 'POST' });
    expect(await schedules('weekday-mornings')).toEqual({ published: false, schedules: [] });
  });

  it('refuses a cron expression the scheduler cannot read, naming the field', async () => {
    await weft.api('/api/flows/import', { body: scheduled('broken-cron', '61 25 * * *') });
    const response = await weft.api('/api/flows/broken-cron/publish', { method: 'POST' });
    expect(response.status).toBe(422);
    expect(JSON.stringify(await response.json())).toContain('nodes[0].params.cron');
  });

  it('refuses an unknown time zone as a flow problem', async () => {
    const response = await weft.api('/api/flows/import', { body: scheduled('bad-zone', '* * * * *', 'Mars/Olympus') });
    const flow = await response.json();
    expect(flow.problems).toEqual([expect.objectContaining({ code: 'invalid_params', path: 'nodes[0].params.timezone' })]);
  });

  it('fires once per tick however many Weft processes run, and runs the live version', async () => {
    const second = await startTestWeft({}, weft);
    await weft.api('/api/flows/import', { body: scheduled('every-minute', '* * * * *', 'UTC') });
    await weft.api('/api/flows/every-minute/publish', { method: 'POST' });
    let execution: { id: string; mode: string; triggerNode: string } | undefined;
    for (let attempt = 0; attempt < 180 && execution === undefined; attempt++) {
      execution = (await (await weft.api('/api/executions?flowId=every-minute')).json()).items[0];
      if (execution === undefined) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(execution).toMatchObject({ mode: 'schedule', triggerNode: 'tick' });
    await weft.api('/api/flows/every-minute/unpublish', { method: 'POST' });
    // Both processes' schedulers saw the tick; it must have started one execution, not two.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect((await (await weft.api('/api/flows/every-minute/schedules')).json()).schedules).toEqual([]);
    const all = (await (await weft.api('/api/executions?flowId=every-minute')).json()).items;
    expect(all).toHaveLength(1);
    await second.weft.close();
  }, 100_000);
});
