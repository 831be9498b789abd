import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';

let weft: TestWeft;
beforeAll(async () => {
  weft = await startTestWeft();
});
afterAll(async () => weft?.stop());

function codeFlow(id: string, source: string, timeoutMs: number) {
  return {
    formatVersion: 1,
    id,
    name: id,
    nodes: [
      { id: 'start', type: 'core.manual', typeVersion: 1, params: {} },
      { id: 'code', type: 'core.code', typeVersion: 1, params: { code: source, timeoutMs } },
      { id: 'answer', type: 'core.map', typeVersion: 1, params: { output: { total: '=$.total', customer: '=$trigger.customer' } } },
    ],
    edges: [
      { from: { node: 'start', port: 'out' }, to: { node: 'code', port: 'in' } },
      { from: { node: 'code', port: 'out' }, to: { node: 'answer', port: 'in' } },
    ],
  };
}

async function json(response: Response): Promise<Record<string, unknown>> {
  const body: unknown = await response.json();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('expected a JSON object');
  return Object.fromEntries(Object.entries(body));
}

describe('core.code through the API', () => {
  it('runs a code step to its computed value while an infinite loop in another flow times out', async () => {
    const totals = codeFlow('totals', 'return { total: input.lines.reduce((sum, line) => sum + line.qty * line.price, 0) };', 5_000);
    const spinning = codeFlow('spinning', 'while (true) {}', 1_000);
    for (const flow of [totals, spinning]) expect((await weft.api('/api/flows', { body: flow })).status).toBe(201);

    const payload = { customer: 'ada@example.com', lines: [{ qty: 2, price: 5 }, { qty: 1, price: 10 }] };
    const [loop, sum] = await Promise.all([
      weft.api('/api/flows/spinning/run', { body: { payload } }).then(json),
      weft.api('/api/flows/totals/run', { body: { payload } }).then(json),
    ]);

    expect(sum).toMatchObject({ status: 'succeeded' });
    expect(sum.steps).toEqual([
      expect.objectContaining({ nodeId: 'start', status: 'succeeded' }),
      expect.objectContaining({ nodeId: 'code', status: 'succeeded', output: { total: 20 } }),
      expect.objectContaining({ nodeId: 'answer', status: 'succeeded', output: { total: 20, customer: 'ada@example.com' } }),
    ]);
    expect(loop).toMatchObject({ status: 'failed', error: { nodeId: 'code', code: 'code_timeout' } });
    expect(loop.steps).toEqual([
      expect.objectContaining({ nodeId: 'start', status: 'succeeded' }),
      expect.objectContaining({ nodeId: 'code', status: 'failed', error: expect.objectContaining({ code: 'code_timeout' }) }),
    ]);
  });
});
