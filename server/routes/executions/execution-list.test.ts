import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../../testing/test-weft.ts';

let weft: TestWeft;
const ids: string[] = [];
let between = '';

beforeAll(async () => {
  weft = await startTestWeft();
  const flow = (id: string, output: string) => ({
    formatVersion: 1,
    id,
    name: id,
    nodes: [
      { id: 'start', type: 'core.manual', typeVersion: 1, params: {} },
      { id: 'out', type: 'core.map', typeVersion: 1, params: { output } },
    ],
    edges: [{ from: { node: 'start', port: 'out' }, to: { node: 'out', port: 'in' } }],
  });
  await weft.api('/api/flows', { body: flow('listed', '=$.n') });
  await weft.api('/api/flows', { body: flow('broken', '=$error("no")') });
  for (let n = 0; n < 5; n++) {
    if (n === 3) between = new Date().toISOString();
    ids.push((await (await weft.api('/api/flows/listed/run', { body: { payload: { n } } })).json()).id);
  }
  await weft.api('/api/flows/broken/run', { body: {} });
});
afterAll(async () => weft?.stop());

async function page(query: string) {
  return (await weft.api(`/api/executions?${query}`)).json();
}

describe('execution list', () => {
  it('pages newest first with a cursor, without gaps or repeats', async () => {
    const first = await page('flowId=listed&limit=2');
    const second = await page(`flowId=listed&limit=2&cursor=${first.nextCursor}`);
    const third = await page(`flowId=listed&limit=2&cursor=${second.nextCursor}`);
    const seen = [...first.items, ...second.items, ...third.items].map((item: { id: string }) => item.id);
    expect(seen).toEqual([...ids].reverse());
    expect(third.nextCursor).toBeNull();
  });

  it.each([
    ['status', 'status=failed', 1],
    ['flow', 'flowId=listed', 5],
    ['time', `flowId=listed&since=${encodeURIComponent('2000-01-01T00:00:00Z')}`, 5],
  ])('filters by %s', async (_case, query, count) => {
    expect((await page(query)).items).toHaveLength(count);
  });

  it('filters by a time range', async () => {
    const later = await page(`flowId=listed&since=${encodeURIComponent(between)}`);
    expect(later.items.map((item: { id: string }) => item.id)).toEqual([ids[4], ids[3]]);
    const earlier = await page(`flowId=listed&until=${encodeURIComponent(between)}`);
    expect(earlier.items).toHaveLength(3);
  });

  it.each([
    ['a bad cursor', 'cursor=nonsense', 422, 'invalid_cursor'],
    ['a bad status', 'status=sleeping', 400, 'invalid_request'],
    ['a bad time', 'since=yesterday', 400, 'invalid_request'],
  ])('refuses %s', async (_case, query, status, code) => {
    const response = await weft.api(`/api/executions?${query}`);
    expect(response.status).toBe(status);
    expect((await response.json()).error.code).toBe(code);
  });
});
